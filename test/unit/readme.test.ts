import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { renderDetectorTable, withDetectorTable } from '../../src/detectors/detector-table.js';
import { DETECTORS } from '../../src/detectors/registry.js';

const readme = readFileSync(join(import.meta.dirname, '../../README.md'), 'utf8');

describe('the README', () => {
  it('lists every detector with its category', () => {
    const listed = ({ meta }: (typeof DETECTORS)[number]) =>
      new RegExp(`\\|\\s*${meta.category}\\s*\\|\\s*\`${meta.id}\``).test(readme);
    const missing = DETECTORS.filter((detector) => !listed(detector));
    expect(missing.map(({ meta }) => meta.id)).toEqual([]);
  });

  it('has the detector table the registry generates (else run `npm run docs:detectors`)', () => {
    expect(withDetectorTable(readme, renderDetectorTable(DETECTORS))).toBe(readme);
  });

  it('starts with the two quick-start commands: scan the bundled sample, run the tests', () => {
    expect(readme).toContain('npm ci && npx trailwatch scan examples/sample-trail');
    expect(readme).toMatch(/^npm test\s/m);
  });
});
