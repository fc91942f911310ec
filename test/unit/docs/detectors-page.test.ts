/** docs/detectors.md's table is generated from the registry (`npm run docs:detectors`) and must match it. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { renderDetectorTable, withDetectorTable } from '../../../src/detectors/detector-table.js';
import { DETECTORS } from '../../../src/detectors/registry.js';

const page = readFileSync(join(import.meta.dirname, '../../../docs/detectors.md'), 'utf8');

describe('docs/detectors.md', () => {
  it('lists every detector with its category', () => {
    const listed = ({ meta }: (typeof DETECTORS)[number]) =>
      new RegExp(`\\|\\s*${meta.category}\\s*\\|\\s*\`${meta.id}\``).test(page);
    const missing = DETECTORS.filter((detector) => !listed(detector));
    expect(missing.map(({ meta }) => meta.id)).toEqual([]);
  });

  it('has the detector table the registry generates (else run `npm run docs:detectors`)', () => {
    expect(withDetectorTable(page, renderDetectorTable(DETECTORS))).toBe(page);
  });
});
