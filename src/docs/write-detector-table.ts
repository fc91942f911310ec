/** `npm run docs:detectors`: writes the README's detector table from the registry. */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { renderDetectorTable, withDetectorTable } from '../detectors/detector-table.js';
import { DETECTORS } from '../detectors/registry.js';

// dist/src/docs → the repository root.
const readmePath = join(import.meta.dirname, '../../../README.md');
const before = readFileSync(readmePath, 'utf8');
const after = withDetectorTable(before, renderDetectorTable(DETECTORS));
if (after !== before) writeFileSync(readmePath, after);
process.stdout.write(
  `README.md: ${DETECTORS.length} detectors, ${after === before ? 'unchanged' : 'updated'}\n`,
);
