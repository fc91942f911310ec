import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ConfigError, loadConfigFile, parseConfig } from '../../../src/config/load-config.js';
import { DEFAULT_TUNING } from '../../../src/config/tuning.js';

const dir = mkdtempSync(join(tmpdir(), 'trailwatch-config-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('trailwatch.yml', () => {
  it('when empty, gives the default tuning', () => {
    expect(parseConfig('', 'trailwatch.yml').detectors).toEqual(DEFAULT_TUNING);
  });

  it('reads tuning and keeps the defaults it does not override', () => {
    const config = parseConfig(
      [
        'detectors:',
        '  learning: { days: 3 }',
        '  allow:',
        '    cidrs: [192.0.2.0/24]',
        '    trustedAccounts: ["210987654321"]',
      ].join('\n'),
      'trailwatch.yml',
    );
    expect(config.detectors.learning).toEqual({ days: 3, events: 50 });
    expect(config.detectors.allow.cidrs).toEqual(['192.0.2.0/24']);
    expect(config.detectors.apiSurge).toEqual(DEFAULT_TUNING.apiSurge);
  });

  it('refuses a bad value, naming the file and the key', () => {
    const bad = () => parseConfig('detectors:\n  apiSurge: { factor: 0 }\n', 'trailwatch.yml');
    expect(bad).toThrow(ConfigError);
    expect(bad).toThrow(/trailwatch.yml is not valid:\n {2}detectors\.apiSurge\.factor: /);
  });

  it('refuses an unknown key rather than ignoring a typo', () => {
    expect(() => parseConfig('detectors:\n  learnign: { days: 3 }\n', 'trailwatch.yml')).toThrow(/learnign/);
  });

  it('refuses a CIDR that is not one, and an account id that is not 12 digits', () => {
    expect(() => parseConfig('detectors:\n  allow: { cidrs: [office] }\n', 'x.yml')).toThrow(
      /detectors\.allow\.cidrs\.0: must be a CIDR/,
    );
    expect(() => parseConfig('detectors:\n  allow: { trustedAccounts: ["123"] }\n', 'x.yml')).toThrow(
      /12-digit/,
    );
  });

  it('refuses broken YAML and a missing file with a readable message', () => {
    expect(() => parseConfig('detectors: [unclosed', 'trailwatch.yml')).toThrow(
      /trailwatch.yml: not valid YAML/,
    );
    expect(() => loadConfigFile(join(dir, 'missing.yml'))).toThrow(/missing.yml: cannot read: ENOENT/);
  });

  it('documents the defaults truthfully in trailwatch.example.yml', () => {
    const example = join(import.meta.dirname, '../../../trailwatch.example.yml');
    expect(loadConfigFile(example).detectors).toEqual(DEFAULT_TUNING);
  });

  it('loads a file from disk', () => {
    const path = join(dir, 'trailwatch.yml');
    writeFileSync(path, 'detectors:\n  concurrentUseMinutes: 5\n');
    expect(loadConfigFile(path).detectors.concurrentUseMinutes).toBe(5);
  });
});
