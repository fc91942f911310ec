/**
 * Reads `trailwatch scan` inputs (files, folders, FIFOs, stdin) and yields their raw records in windows:
 * no input is ever held whole, so memory is bounded by a window, not by the largest file.
 */
import { InputUnreadableError } from '../errors.js';
import { type InputFile, listInputFiles, STDIN } from './input-files.js';
import {
  bufferText,
  DEFAULT_INPUT_LIMITS,
  type InputLimits,
  type InputText,
  openInputText,
  ReadFailure,
} from './input-text.js';
import { createJsonSplitter } from './json-splitter.js';
import { createRecordParser, parseTrailFile, type RecordSink } from './parse-records.js';

export interface RecordBatch {
  /** the file path, or '-' for stdin */
  source: string;
  /** The first batch of its file (a file yields one batch or more). */
  first: boolean;
  /** Index within the file of the first record here. */
  offset: number;
  /** raw records (unknown: the normaliser validates them) in file order */
  records: unknown[];
  /** entries that could not be parsed as JSON at all, e.g. a broken NDJSON line, a CloudTrailEvent string that isn't JSON */
  unparsable: { reason: string }[];
}

export interface ReadLimits extends InputLimits {
  /** Records (and unparsable entries) per batch at most. */
  windowRecords: number;
  /** A single record (or NDJSON line) longer than this is skipped, and counted, never held. */
  maxRecordChars: number;
  /** A trail file read whole and at most this long is parsed in one call rather than split. */
  parseWholeChars: number;
}

export const DEFAULT_READ_LIMITS: ReadLimits = {
  ...DEFAULT_INPUT_LIMITS,
  windowRecords: 5_000,
  // CloudTrail caps an event at 256 KB; far above it, yet far below V8's 512 MiB string ceiling.
  maxRecordChars: 32 * 1024 * 1024,
  // CloudTrail's own files are well below (it starts a new file every 5 minutes or so); parsed whole,
  // the objects take a few times the text.
  parseWholeChars: 8 * 1024 * 1024,
};

export interface ReadInputsOptions {
  stdin?: NodeJS.ReadableStream;
  limits?: Partial<ReadLimits>;
}

/** The splitter's "not JSON: …" worded for where the text came from. */
function refusalWording(reason: string, gunzipped: boolean): string {
  if (!reason.startsWith('not JSON')) return reason;
  return gunzipped ? `gunzipped, but ${reason}` : `not gzip or ${reason.slice('not '.length)}`;
}

type Opened = { ok: true; text: InputText } | { ok: false; error: unknown };

/** Opens a file; never rejects, so a read-ahead nobody awaits can't go unhandled. */
async function openSettled(
  file: InputFile,
  stdin: NodeJS.ReadableStream,
  limits: ReadLimits,
): Promise<Opened> {
  try {
    if (file.error !== undefined) throw new ReadFailure(file.error);
    return { ok: true, text: await openInputText(file, stdin, limits) };
  } catch (error) {
    return { ok: false, error };
  }
}

/**
 * One file's records in windows. A named file that can't be read throws, even part way (a gzip bomb,
 * a truncated gzip). A file found in a folder is counted instead, naming it, and the records read
 * before the failure are kept.
 */
async function* readFile(
  file: InputFile,
  opening: Promise<Opened>,
  limits: ReadLimits,
): AsyncGenerator<RecordBatch> {
  let sink: RecordSink = { records: [], unparsable: [] };
  let offset = 0;
  let first = true;
  const batch = (): RecordBatch => {
    const out = { source: file.path, first, offset, ...sink };
    first = false;
    offset += sink.records.length;
    sink = { records: [], unparsable: [] };
    return out;
  };
  let failure: string | undefined;
  let gunzipped = false;
  const splitter = createJsonSplitter({ maxValueChars: limits.maxRecordChars });
  const parser = createRecordParser();
  try {
    const opened = await opening;
    if (!opened.ok) throw opened.error;
    const { text } = opened;
    gunzipped = text.gunzipped;
    const parsedWhole =
      text.whole !== undefined && text.whole.length <= Math.min(limits.parseWholeChars, limits.maxRecordChars)
        ? parseTrailFile(text.whole)
        : undefined;
    try {
      if (parsedWhole !== undefined) {
        // By index: for…of in a generator made an iterator result per record.
        for (let index = 0; index < parsedWhole.length; index += 1) {
          sink.records.push(parsedWhole[index]);
          if (sink.records.length >= limits.windowRecords) yield batch();
        }
      } else {
        for await (const chunk of text.chunks) {
          for (const piece of splitter.feed(chunk)) {
            parser.add(piece, sink);
            if (sink.records.length + sink.unparsable.length >= limits.windowRecords) yield batch();
          }
          // Text that is not JSON at all (a gzip of zeros): stop gunzipping it.
          if (splitter.done) break;
        }
        for (const piece of splitter.end()) parser.add(piece, sink);
      }
    } finally {
      await text.close();
    }
  } catch (error) {
    if (!(error instanceof ReadFailure)) throw error;
    failure = error.reason;
  }
  const records = offset + sink.records.length;
  const refusal = parser.refusal(records);
  if (refusal !== undefined && (failure === undefined || records === 0)) {
    failure = refusalWording(refusal, gunzipped);
  }
  if (failure !== undefined && file.named) throw new InputUnreadableError(file.path, failure);
  if (failure !== undefined && first && records === 0) {
    // Inside a folder: counted, naming the file, and the scan goes on.
    yield {
      source: file.path,
      first,
      offset: 0,
      records: [],
      unparsable: [{ reason: `${file.path}: ${failure}` }],
    };
    return;
  }
  if (failure !== undefined)
    sink.unparsable.push({ reason: `${file.path}: ${failure}; the rest is skipped` });
  if (first || sink.records.length + sink.unparsable.length > 0) yield batch();
}

/**
 * Yields each file's records in windows, files in time order; throws InputUnreadableError (src/errors.ts)
 * for a named path that does not exist or cannot be read, or whose content is not CloudTrail JSON in
 * any supported shape. A file found inside a folder that fails the same way is yielded as a batch with
 * no records and one unparsable entry naming it, so the scan counts it and goes on.
 */
export async function* readInputs(
  paths: readonly string[],
  options: ReadInputsOptions = {},
): AsyncGenerator<RecordBatch> {
  const files = await listInputFiles(paths);
  const stdin = options.stdin ?? process.stdin;
  const limits = { ...DEFAULT_READ_LIMITS, ...options.limits };
  // The next file is opened while this one is scanned: a large one's first piece is read and gunzipped
  // while the detectors work (a small one is read on the spot, input-text.ts says why). stdin sorts
  // first and is never read ahead: an abandoned read of it would hold the process.
  const open = (file: InputFile | undefined) =>
    file === undefined || file.path === STDIN ? undefined : openSettled(file, stdin, limits);
  let next = open(files[0]);
  try {
    for (const [index, file] of files.entries()) {
      const opening = next ?? openSettled(file, stdin, limits);
      next = open(files[index + 1]);
      yield* readFile(file, opening, limits);
    }
  } finally {
    // A scan stopped part way (a named file that can't be read): release the file read ahead.
    await next?.then((opened) => (opened.ok ? opened.text.close() : undefined));
  }
}

export type ReadBytes =
  | { ok: true; records: unknown[]; unparsable: { reason: string }[] }
  | { ok: false; reason: string };

/**
 * One input already in memory (a trail file fetched from S3), read exactly as `scan` reads a named
 * file: any shape, gunzipped when its bytes say so, bombs refused. `label` names it in reasons.
 */
export async function readBytes(
  label: string,
  bytes: Buffer,
  options: { limits?: Partial<ReadLimits> } = {},
): Promise<ReadBytes> {
  const limits = { ...DEFAULT_READ_LIMITS, ...options.limits };
  const opening: Promise<Opened> = bufferText(bytes, limits).then(
    (text) => ({ ok: true, text }),
    (error: unknown) => ({ ok: false, error }),
  );
  const records: unknown[] = [];
  const unparsable: { reason: string }[] = [];
  try {
    for await (const batch of readFile({ path: label, named: true, stamp: '' }, opening, limits)) {
      // push per item: a spread of a large window would overflow the call stack.
      for (const record of batch.records) records.push(record);
      for (const entry of batch.unparsable) unparsable.push(entry);
    }
  } catch (error) {
    if (error instanceof InputUnreadableError) return { ok: false, reason: error.reason };
    throw error;
  }
  return { ok: true, records, unparsable };
}
