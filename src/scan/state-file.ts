/**
 * `scan --state FILE`: baselines saved after a scan and loaded before the next, so successive scans
 * continue where the last stopped. Gzipped NDJSON: a header line, then one profile a line.
 */
import { createReadStream, createWriteStream, existsSync } from 'node:fs';
import { rename } from 'node:fs/promises';
import { createInterface } from 'node:readline';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { createGunzip, createGzip } from 'node:zlib';
import { TrailwatchError } from '../errors.js';
import type { SnapshotEntry } from '../store/memory-state-store.js';

const FORMAT = 'trailwatch-state';
const VERSION = 1;

export class StateFileError extends TrailwatchError {
  constructor(message: string, options?: { cause?: unknown }) {
    super('state_file_invalid', message, options);
    this.name = 'StateFileError';
  }
}

/** Reads a state file; a missing file is a first run and gives no entries. */
export async function readStateFile(path: string): Promise<SnapshotEntry<unknown>[]> {
  if (!existsSync(path)) return [];
  const entries: SnapshotEntry<unknown>[] = [];
  const lines = createInterface({ input: createReadStream(path).pipe(createGunzip()), crlfDelay: Infinity });
  let header = true;
  try {
    for await (const line of lines) {
      if (!line) continue;
      const parsed = JSON.parse(line);
      if (header) {
        if (parsed?.format !== FORMAT || parsed.version !== VERSION)
          throw new Error('no trailwatch-state header');
        header = false;
        continue;
      }
      entries.push({ key: parsed.k, value: parsed.v, expiresAt: parsed.e ?? null });
    }
  } catch (error) {
    throw new StateFileError(`${path}: not a trailwatch state file (${(error as Error).message})`, {
      cause: error,
    });
  }
  if (header) throw new StateFileError(`${path}: not a trailwatch state file (empty)`);
  return entries;
}

/** Writes next to the file and renames, so an interrupted save never leaves half a file. */
export async function writeStateFile(
  path: string,
  entries: readonly SnapshotEntry<unknown>[],
): Promise<void> {
  const partial = `${path}.partial`;
  function* lines() {
    yield `${JSON.stringify({ format: FORMAT, version: VERSION, savedAt: new Date().toISOString() })}\n`;
    for (const { key, value, expiresAt } of entries)
      yield `${JSON.stringify({ k: key, v: value, e: expiresAt })}\n`;
  }
  await pipeline(Readable.from(lines()), createGzip(), createWriteStream(partial));
  await rename(partial, path);
}
