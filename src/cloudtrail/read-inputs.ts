/** Reads `trailwatch scan` inputs (files, folders, stdin) and yields their raw records one file at a time. */
import { readFile } from 'node:fs/promises';
import { InputUnreadableError } from '../errors.js';
import { describeFsError, type InputFile, listInputFiles, STDIN } from './input-files.js';
import { type Decoded, decodeInput, type Parsed, parseText } from './parse-records.js';

export interface RecordBatch {
  /** the file path, or '-' for stdin */
  source: string;
  /** raw records (unknown: the normaliser validates them) in file order */
  records: unknown[];
  /** entries that could not be parsed as JSON at all, e.g. a broken NDJSON line, a CloudTrailEvent string that isn't JSON */
  unparsable: { reason: string }[];
}

export interface ReadInputsOptions {
  stdin?: NodeJS.ReadableStream;
}

async function readStream(stream: NodeJS.ReadableStream): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(typeof chunk === 'string' ? Buffer.from(chunk) : chunk);
  return Buffer.concat(chunks);
}

/** Reads and gunzips one input; never rejects, so a prefetch nobody awaits can't go unhandled. */
async function load(file: InputFile, stdin: NodeJS.ReadableStream): Promise<Decoded> {
  if (file.error !== undefined) return { ok: false, reason: file.error };
  let bytes: Buffer;
  try {
    bytes = file.path === STDIN ? await readStream(stdin) : await readFile(file.path);
  } catch (error) {
    return { ok: false, reason: describeFsError(error), cause: error };
  }
  return decodeInput(bytes);
}

function parse(decoded: Decoded): Parsed {
  return decoded.ok ? parseText(decoded.text) : decoded;
}

/**
 * Yields one batch per file, in time order of files; throws InputUnreadableError (src/errors.ts) for a
 * named path that does not exist or cannot be read, or whose content is not CloudTrail JSON in any
 * supported shape. A file found inside a folder that fails the same way is yielded as a batch with no
 * records and one unparsable entry naming it, so the scan counts it and goes on.
 *
 * Memory holds the current file's records plus the next file's text: the next file is read while the
 * caller works through the current batch.
 */
export async function* readInputs(
  paths: readonly string[],
  options: ReadInputsOptions = {},
): AsyncGenerator<RecordBatch> {
  const files = await listInputFiles(paths);
  const stdin = options.stdin ?? process.stdin;
  // stdin sorts first, so only files are ever prefetched: an abandoned read of stdin would hold the process.
  const prefetch = (file: InputFile | undefined) =>
    file === undefined || file.path === STDIN ? undefined : load(file, stdin);
  let next = prefetch(files[0]);
  for (const [index, file] of files.entries()) {
    const loading = next ?? load(file, stdin);
    next = prefetch(files[index + 1]);
    // No variable keeps the decoded text: it can be collected while the caller holds this batch.
    const parsed = parse(await loading);
    if (parsed.ok) {
      yield { source: file.path, records: parsed.records, unparsable: parsed.unparsable };
    } else if (file.named) {
      throw new InputUnreadableError(file.path, parsed.reason, { cause: parsed.cause });
    } else {
      yield { source: file.path, records: [], unparsable: [{ reason: `${file.path}: ${parsed.reason}` }] };
    }
  }
}
