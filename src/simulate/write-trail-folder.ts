/** Writes records the way CloudTrail delivers them to S3: per account and region, a file every few minutes. */
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { gzip as gzipCallback } from 'node:zlib';
import { ACCOUNT } from './cast.js';
import { createRng, hashString, MIXED_ALNUM } from './prng.js';

const gzip = promisify(gzipCallback);

export interface WriteTrailFolderOptions {
  out: string;
  gzip: boolean;
  /** Records per file at most; CloudTrail's files stay well under 5,000. */
  maxPerFile?: number;
}

const MINUTE = 60_000;
// CloudTrail delivers about every 5 minutes per region. A quiet region's file stays open longer (up to
// 50 minutes) rather than leaving thousands of one-record files: the scan reads files in stamp order and
// its reorder buffer allows an hour of skew, so 50 minutes plus the 5-minute delivery stamp stays in order.
const WINDOW_MS = 5 * MINUTE;
const SPARSE_WINDOW_MS = 50 * MINUTE;
const SPARSE_BELOW = 50;
// Compression runs on libuv's thread pool; this many files in flight keeps it busy without piling up.
const IN_FLIGHT = 4;

interface Chunk {
  account: string;
  region: string;
  first: number;
  last: number;
  firstEventId: string;
  parts: string[];
}

function pad(n: number): string {
  return String(n).padStart(2, '0');
}

/** Delivery time: the 5-minute mark after the file's newest event. */
function deliveryStamp(chunk: Chunk): { folder: string; stamp: string } {
  const d = new Date(Math.floor(chunk.last / WINDOW_MS) * WINDOW_MS + WINDOW_MS);
  const [y, m, day] = [d.getUTCFullYear(), pad(d.getUTCMonth() + 1), pad(d.getUTCDate())];
  return {
    folder: `${y}/${m}/${day}`,
    stamp: `${y}${m}${day}T${pad(d.getUTCHours())}${pad(d.getUTCMinutes())}Z`,
  };
}

function isDue(chunk: Chunk, time: number): boolean {
  const age = time - chunk.first;
  return age >= SPARSE_WINDOW_MS || (age >= WINDOW_MS && chunk.parts.length >= SPARSE_BELOW);
}

function text(value: unknown, fallback: string): string {
  return typeof value === 'string' && value !== '' ? value : fallback;
}

export async function writeTrailFolder(
  records: Iterable<Record<string, unknown>>,
  options: WriteTrailFolderOptions,
): Promise<{ files: number; records: number }> {
  const maxPerFile = options.maxPerFile ?? 5000;
  if (!Number.isInteger(maxPerFile) || maxPerFile < 1)
    throw new RangeError('maxPerFile must be a whole number ≥ 1');
  const open = new Map<string, Chunk>();
  const folders = new Map<string, Promise<unknown>>();
  let inFlight: Promise<void>[] = [];
  let files = 0;
  let count = 0;

  async function write(chunk: Chunk): Promise<void> {
    const { folder, stamp } = deliveryStamp(chunk);
    const dir = join(options.out, 'AWSLogs', chunk.account, 'CloudTrail', chunk.region, folder);
    let made = folders.get(dir);
    if (!made) {
      made = mkdir(dir, { recursive: true });
      folders.set(dir, made);
    }
    await made;
    // The 16 random characters, derived from the file's first event so a rerun writes the same names.
    const suffix = createRng(hashString(chunk.firstEventId, chunk.parts.length)).chars(16, MIXED_ALNUM);
    const name = `${chunk.account}_CloudTrail_${chunk.region}_${stamp}_${suffix}.json${options.gzip ? '.gz' : ''}`;
    const body = `{"Records":[${chunk.parts.join(',')}]}`;
    await writeFile(join(dir, name), options.gzip ? await gzip(body) : body);
  }

  async function close(key: string, chunk: Chunk): Promise<void> {
    open.delete(key);
    files += 1;
    inFlight.push(write(chunk));
    if (inFlight.length >= IN_FLIGHT) {
      await Promise.all(inFlight);
      inFlight = [];
    }
  }

  for (const record of records) {
    const time = Date.parse(text(record.eventTime, ''));
    const account = text(record.recipientAccountId, ACCOUNT);
    const region = text(record.awsRegion, 'us-east-1');
    const key = `${account}/${region}`;
    // Close every file whose window has passed, including quiet regions', so only live windows stay in memory.
    for (const [openKey, chunk] of open) if (isDue(chunk, time)) await close(openKey, chunk);
    let chunk = open.get(key);
    if (!chunk) {
      chunk = {
        account,
        region,
        first: time,
        last: time,
        firstEventId: text(record.eventID, String(count)),
        parts: [],
      };
      open.set(key, chunk);
    }
    chunk.parts.push(JSON.stringify(record));
    if (time > chunk.last) chunk.last = time;
    count += 1;
    if (chunk.parts.length >= maxPerFile) await close(key, chunk);
  }
  for (const [key, chunk] of [...open]) await close(key, chunk);
  await Promise.all(inFlight);
  return { files, records: count };
}
