/** The README is a newcomer's first screen: the two quick-start commands, then the bot against the fakes. */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = join(import.meta.dirname, '../../..');
const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
const scripts: Record<string, string> = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')).scripts;

describe('the README', () => {
  it('starts with the two quick-start commands: scan the bundled sample, run the tests', () => {
    expect(readme).toContain('npm ci && npx trailwatch scan examples/sample-trail');
    expect(readme).toMatch(/^npm test\s/m);
  });

  it('runs the bot against the fakes with a script and a config that exist', () => {
    expect(readme).toMatch(/^npm run fakes\s/m);
    expect(scripts.fakes).toContain('dist/test/fakes/serve-fakes.js');
    expect(readme).toContain('npx trailwatch start --config examples/trailwatch-fakes.yml');
    expect(existsSync(join(ROOT, 'examples/trailwatch-fakes.yml'))).toBe(true);
  });

  it('stays about two screens; the details live in docs/', () => {
    expect(readme.split('\n').length).toBeLessThanOrEqual(150);
  });
});
