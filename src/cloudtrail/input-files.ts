/** Expands `trailwatch scan` arguments (files, folders, `-`) into the list of files to read, in time order. */
import type { Dirent } from 'node:fs';
import { readdir, stat } from 'node:fs/promises';
import { basename, join, resolve } from 'node:path';
import { InputUnreadableError } from '../errors.js';

export const STDIN = '-';

export interface InputFile {
  /** As given on the command line, or joined under the folder that was given; '-' for stdin. */
  path: string;
  /** Named on the command line: a failure throws. Found in a folder: a failure is counted. */
  named: boolean;
  /** Set when the walk already knows the file (or sub-folder) can't be read. */
  error?: string;
  /** The delivery timestamp from a CloudTrail file name, '' when there is none. */
  stamp: string;
}

// CloudTrail names each file <account>_CloudTrail_<region>_<YYYYMMDDTHHmmZ>_<random>.json.gz and delivers
// one about every 5 minutes per region.
const FILE_STAMP = /_(\d{8}T\d{4}Z)_/;

// Other AWS logs delivered to the same bucket are named <account>_<Service>_<region>_… as well
// (Config, vpcflowlogs, elasticloadbalancing, CloudTrail-Digest, CloudTrail-Insight): only CloudTrail's are events.
const AWS_DELIVERED = /^\d{12}_([^_]+)_/;

// Folders are walked for these; anything else there (.log, .txt, .csv, .tar.gz, .parquet, README, no
// extension) is left alone rather than counted as unreadable. A file named on the command line is
// always read, whatever its name.
const TRAIL_FILE = /\.(json|jsonl|ndjson)(\.gz)?$|^[^.]+\.gz$/i;

// Digest files hold log hashes and Insight files hold call-rate anomalies, not API calls; hidden
// entries (.DS_Store, ._* AppleDouble files, .git) are never trail data.
const SKIPPED_FOLDERS = new Set(['CloudTrail-Digest', 'CloudTrail-Insight']);

/** Whether a file found while walking a folder is worth reading. */
export function isTrailFileName(name: string): boolean {
  if (name.startsWith('.')) return false;
  const delivered = AWS_DELIVERED.exec(name);
  if (delivered) return delivered[1] === 'CloudTrail';
  return TRAIL_FILE.test(name);
}

export function describeFsError(error: unknown): string {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  switch (code) {
    case 'ENOENT':
      return 'no such file or folder';
    case 'ENOTDIR':
      return 'no such file or folder (a parent is not a folder)';
    case 'EACCES':
    case 'EPERM':
      return 'permission denied';
    case 'EISDIR':
      return 'is a folder';
    case 'ELOOP':
      return 'too many levels of symbolic links';
    default:
      return error instanceof Error ? error.message : String(error);
  }
}

function stampOf(path: string): string {
  return FILE_STAMP.exec(basename(path))?.[1] ?? '';
}

/**
 * Whether a link found in a folder leads to a regular file. A FIFO there would block the scan until
 * something writes to it, and a device may never end; a dangling link is kept, to be counted unreadable.
 */
async function linksToFile(path: string): Promise<boolean> {
  try {
    return (await stat(path)).isFile();
  } catch {
    return true;
  }
}

/**
 * Walks a folder depth-first. Regular files and symbolic links to them are read; links to folders are
 * not followed (no loops, and S3 sync never makes them); FIFOs, sockets and devices are skipped. An
 * unreadable sub-folder becomes an entry that will be counted.
 */
async function walk(folder: string, out: InputFile[]): Promise<void> {
  let entries: Dirent[];
  try {
    entries = await readdir(folder, { withFileTypes: true });
  } catch (error) {
    out.push({ path: folder, named: false, error: describeFsError(error), stamp: '' });
    return;
  }
  for (const entry of entries) {
    const path = join(folder, entry.name);
    if (entry.isDirectory()) {
      if (!entry.name.startsWith('.') && !SKIPPED_FOLDERS.has(entry.name)) await walk(path, out);
    } else if ((entry.isFile() || entry.isSymbolicLink()) && isTrailFileName(entry.name)) {
      const skip = entry.isSymbolicLink() && !(await linksToFile(path));
      if (!skip) out.push({ path, named: false, stamp: stampOf(path) });
    }
  }
}

/** Time order across all inputs: by the CloudTrail file-name stamp, then by path (so by region). */
function byStampThenPath(a: InputFile, b: InputFile): number {
  // stdin has no stamp and sorts first: it is read before any file, never prefetched behind one.
  if (a.path === STDIN || b.path === STDIN) return a.path === STDIN ? -1 : 1;
  if (a.stamp !== b.stamp) return a.stamp < b.stamp ? -1 : 1;
  return a.path < b.path ? -1 : a.path > b.path ? 1 : 0;
}

async function expand(path: string): Promise<InputFile[]> {
  if (path === STDIN) return [{ path, named: true, stamp: '' }];
  let info: Awaited<ReturnType<typeof stat>>;
  try {
    info = await stat(path);
  } catch (error) {
    throw new InputUnreadableError(path, describeFsError(error), { cause: error });
  }
  // Anything but a folder is read as a file: regular files, and pipes such as `<(zcat trail.json.gz)`.
  if (!info.isDirectory()) return [{ path, named: true, stamp: stampOf(path) }];
  try {
    await readdir(path);
  } catch (error) {
    throw new InputUnreadableError(path, describeFsError(error), { cause: error });
  }
  const found: InputFile[] = [];
  await walk(path, found);
  if (found.length === 0) {
    // An empty result would print "no findings" for a mistyped folder: say so instead.
    throw new InputUnreadableError(
      path,
      'folder holds no trail files (*.json, *.json.gz, *.jsonl, *.ndjson)',
    );
  }
  return found;
}

/**
 * Every file to read, each once, in time order. Throws InputUnreadableError for a named path that does
 * not exist or can't be listed, before anything is read.
 */
export async function listInputFiles(paths: readonly string[]): Promise<InputFile[]> {
  const byKey = new Map<string, InputFile>();
  for (const path of paths) {
    for (const file of await expand(path)) {
      // A file named and also found in a named folder (or named twice) is read once, as named.
      const key = file.path === STDIN ? STDIN : resolve(file.path);
      const seen = byKey.get(key);
      if (seen) seen.named ||= file.named;
      else byKey.set(key, file);
    }
  }
  return [...byKey.values()].sort(byStampThenPath);
}
