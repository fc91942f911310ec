import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DETECTORS } from '../../src/detectors/registry.js';

const readme = readFileSync(join(import.meta.dirname, '../../README.md'), 'utf8');

describe('the README', () => {
  it('lists every detector with its category', () => {
    const missing = DETECTORS.filter(({ meta }) => !readme.includes(`| ${meta.category} | \`${meta.id}\``));
    expect(missing.map(({ meta }) => meta.id)).toEqual([]);
  });

  it('starts with the two quick-start commands: scan the bundled sample, run the tests', () => {
    expect(readme).toContain('npm ci && npx trailwatch scan examples/sample-trail');
    expect(readme).toMatch(/^npm test\s/m);
  });
});
