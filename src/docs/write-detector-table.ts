/** `npm run docs:detectors`: writes docs/detectors.md's detector table from the registry. */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { renderDetectorTable, withDetectorTable } from '../detectors/detector-table.js';
import { DETECTORS } from '../detectors/registry.js';

// dist/src/docs → the repository root.
const pagePath = join(import.meta.dirname, '../../../docs/detectors.md');
const before = readFileSync(pagePath, 'utf8');
const after = withDetectorTable(before, renderDetectorTable(DETECTORS));
if (after !== before) writeFileSync(pagePath, after);
process.stdout.write(
  `docs/detectors.md: ${DETECTORS.length} detectors, ${after === before ? 'unchanged' : 'updated'}\n`,
);
