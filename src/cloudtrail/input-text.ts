/**
 * Opens one input (a file, a FIFO, stdin) as text in pieces: gunzipped when its bytes say so (magic
 * 1f 8b, whatever the name) and decoded, with memory bounded by a piece, never by the input.
 */
import { closeSync, constants, openSync, readFileSync, statSync } from 'node:fs';
import { type FileHandle, open } from 'node:fs/promises';
import { Readable } from 'node:stream';
import { StringDecoder } from 'node:string_decoder';
import { createGunzip, gunzipSync } from 'node:zlib';
import { describeFsError, type InputFile, STDIN } from './input-files.js';

export interface InputLimits {
  /** A regular file up to this many bytes is read in one call: faster for a folder of small trail files. */
  wholeFileBytes: number;
  /** ...and gunzipped in one call when it expands to at most this many bytes; beyond, it is streamed. */
  wholeTextBytes: number;
  /** Bytes read or gunzipped at a time when streaming. */
  chunkBytes: number;
  /** A gzip that expands more than this many times its size is refused as a gzip bomb... */
  maxGunzipRatio: number;
  /** ...once it has expanded to this many bytes (small files may compress better, harmlessly). */
  gunzipRatioAfterBytes: number;
}

const MiB = 1024 * 1024;

export const DEFAULT_INPUT_LIMITS: InputLimits = {
  wholeFileBytes: 8 * MiB,
  wholeTextBytes: 64 * MiB,
  chunkBytes: MiB,
  // CloudTrail's JSON gzips 8-20 times; the simulator's repetitive trail about 20. A bomb of zeros or
  // repeated text reaches 1,000 (deflate's ceiling).
  maxGunzipRatio: 100,
  gunzipRatioAfterBytes: 64 * MiB,
};

/** Why an input can't be read, worded for a person; the reader prefixes the path. */
export class ReadFailure extends Error {
  constructor(
    readonly reason: string,
    options?: { cause?: unknown },
  ) {
    super(reason, options);
    this.name = 'ReadFailure';
  }
}

export interface InputText {
  gunzipped: boolean;
  /** The text in pieces; throws ReadFailure when the bytes stop making sense part way. */
  chunks: AsyncIterable<string> | Iterable<string>;
  /** The whole text, when it was read and decoded in one piece (a small file): `chunks` holds just it. */
  whole?: string;
  /** Releases the file (the caller may stop reading early). */
  close(): Promise<void>;
}

function message(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

const isGzip = (bytes: Uint8Array) => bytes[0] === 0x1f && bytes[1] === 0x8b;
const isZip = (bytes: Uint8Array) =>
  bytes[0] === 0x50 && bytes[1] === 0x4b && bytes[2] === 0x03 && bytes[3] === 0x04;

function formatBytes(bytes: number): string {
  if (bytes >= 1024 * MiB) return `${(bytes / (1024 * MiB)).toFixed(1)} GiB`;
  if (bytes >= MiB) return `${(bytes / MiB).toFixed(1)} MiB`;
  return `${Math.ceil(bytes / 1024)} KiB`;
}

/** Windows PowerShell 5 writes `> out.json` as UTF-16LE with a BOM; JSON.parse refuses a UTF-8 BOM. */
function encodingOf(head: Uint8Array): { encoding: 'utf8' | 'utf16le'; skip: number } {
  if (head[0] === 0xff && head[1] === 0xfe) return { encoding: 'utf16le', skip: 2 };
  const bom = head[0] === 0xef && head[1] === 0xbb && head[2] === 0xbf;
  return { encoding: 'utf8', skip: bom ? 3 : 0 };
}

/** Plain bytes in pieces to text in pieces. */
async function* decode(bytes: AsyncIterable<Buffer>, what: string): AsyncGenerator<string> {
  let state: { decoder: StringDecoder; skip: number } | undefined;
  for await (const chunk of bytes) {
    if (chunk.length === 0) continue;
    if (state === undefined) {
      if (isZip(chunk)) throw new ReadFailure(`${what}: a zip archive (unzip it first)`);
      const { encoding, skip } = encodingOf(chunk);
      state = { decoder: new StringDecoder(encoding), skip };
      yield state.decoder.write(state.skip > 0 ? chunk.subarray(state.skip) : chunk);
    } else yield state.decoder.write(chunk);
  }
  const rest = state?.decoder.end();
  if (rest) yield rest;
}

/** Streams a gzip, refusing one that expands like a bomb before it fills memory or the scan's time. */
async function* gunzipStream(source: AsyncIterable<Buffer>, limits: InputLimits): AsyncGenerator<Buffer> {
  let compressed = 0;
  async function* counted() {
    for await (const chunk of source) {
      compressed += chunk.length;
      yield chunk;
    }
  }
  const input = Readable.from(counted());
  // zlib takes pieces of 64 bytes at least.
  const gunzip = createGunzip({ chunkSize: Math.max(64, limits.chunkBytes) });
  input.on('error', (error) => gunzip.destroy(error));
  input.pipe(gunzip);
  let expanded = 0;
  try {
    for await (const chunk of gunzip as AsyncIterable<Buffer>) {
      expanded += chunk.length;
      if (expanded > limits.gunzipRatioAfterBytes && expanded > limits.maxGunzipRatio * compressed) {
        throw new ReadFailure(
          `gunzips to more than ${limits.maxGunzipRatio} times its size (${formatBytes(expanded)} from ` +
            `${formatBytes(compressed)} so far): refused as a likely gzip bomb`,
        );
      }
      yield chunk;
    }
  } catch (error) {
    if (error instanceof ReadFailure) throw error;
    const code = (error as NodeJS.ErrnoException).code ?? '';
    if (code.startsWith('Z_') || code.startsWith('ERR_')) {
      throw new ReadFailure(`truncated or corrupt gzip (${message(error)})`, { cause: error });
    }
    throw new ReadFailure(describeFsError(error), { cause: error });
  } finally {
    input.destroy();
    gunzip.destroy();
  }
  if (expanded === 0) throw new ReadFailure('empty after gunzip');
}

/** Buffers (or strings, from a test's stdin) as Buffers, the first piece holding at least 4 bytes. */
async function* bytesOf(stream: AsyncIterable<Buffer | string>): AsyncGenerator<Buffer> {
  let head: Buffer[] | undefined = [];
  let headLength = 0;
  for await (const raw of stream) {
    const chunk = typeof raw === 'string' ? Buffer.from(raw) : raw;
    if (head === undefined) {
      yield chunk;
      continue;
    }
    head.push(chunk);
    headLength += chunk.length;
    if (headLength >= 4) {
      yield head.length === 1 ? chunk : Buffer.concat(head);
      head = undefined;
    }
  }
  if (head !== undefined && headLength > 0) yield Buffer.concat(head);
}

/** Reads a stream: gunzips it when it starts like a gzip. */
async function streamed(bytes: AsyncIterable<Buffer>, limits: InputLimits): Promise<InputText> {
  const iterator = bytesOf(bytes)[Symbol.asyncIterator]();
  const first = await iterator.next();
  if (first.done) throw new ReadFailure('empty (0 bytes)');
  const head: Buffer = first.value;
  async function* all(): AsyncGenerator<Buffer> {
    yield head;
    for (let next = await iterator.next(); !next.done; next = await iterator.next()) yield next.value;
  }
  const gunzipped = isGzip(head);
  const plain = gunzipped ? gunzipStream(all(), limits) : all();
  return {
    gunzipped,
    chunks: decode(plain, gunzipped ? 'gunzipped, but' : 'not gzip or JSON:'),
    close: async () => {
      await iterator.return?.(undefined);
    },
  };
}

/** A small file read in one call, gunzipped in one call when small enough; else streamed from memory. */
function whole(bytes: Buffer, limits: InputLimits): InputText | undefined {
  if (bytes.length === 0) throw new ReadFailure('empty (0 bytes)');
  let plain = bytes;
  const gunzipped = isGzip(bytes);
  if (gunzipped) {
    try {
      // Sync on purpose: async gunzip hands 16 KiB chunks to the thread pool and back, and measured
      // 25-50% slower over a folder of trail files on 2 cores. Concatenated members (`cat a.gz b.gz`) work.
      plain = gunzipSync(bytes, { maxOutputLength: limits.wholeTextBytes });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ERR_BUFFER_TOO_LARGE') return undefined;
      throw new ReadFailure(`truncated or corrupt gzip (${message(error)})`, { cause: error });
    }
    if (plain.length === 0) throw new ReadFailure('empty after gunzip');
  }
  if (isZip(plain)) throw new ReadFailure('not gzip or JSON: a zip archive (unzip it first)');
  const { encoding, skip } = encodingOf(plain);
  // Whole, the text needs no decoder carrying bytes between pieces: toString decodes alike, and faster.
  const text = plain.toString(encoding, skip);
  return { gunzipped, chunks: [text], whole: text, close: async () => {} };
}

// A file found in a folder is opened without waiting: a FIFO there has no writer and would block.
const flagsFor = (file: InputFile) =>
  file.named ? constants.O_RDONLY : constants.O_RDONLY | constants.O_NONBLOCK;

/**
 * A regular file small enough to read whole, read in one go on this thread; undefined for anything else
 * (a FIFO, a large file, a failure, which the asynchronous path then reads or words). A folder of trail
 * files is thousands of small files: opened, stat'ed, read and closed asynchronously, each file took four
 * or five trips through the thread pool and the event loop, measured at three to four times the CPU of
 * reading it here; and the scan returns to the event loop only between files, so reading ahead had hidden
 * little of it.
 */
function readSmallFile(file: InputFile, limits: InputLimits): Buffer | undefined {
  let fd: number | undefined;
  try {
    // By path first: opening a FIFO, even to look, would block (or, without waiting, cut off its writer).
    const info = statSync(file.path);
    if (!info.isFile() || info.size > limits.wholeFileBytes) return undefined;
    fd = openSync(file.path, flagsFor(file));
    const bytes = readFileSync(fd);
    return bytes.length <= limits.wholeFileBytes ? bytes : undefined;
  } catch {
    return undefined;
  } finally {
    try {
      if (fd !== undefined) closeSync(fd);
    } catch {
      // The bytes are read; a failed close loses nothing.
    }
  }
}

async function openFile(file: InputFile): Promise<FileHandle> {
  try {
    return await open(file.path, flagsFor(file));
  } catch (error) {
    throw new ReadFailure(describeFsError(error), { cause: error });
  }
}

/** Bytes already in memory (a small file, an S3 object) as text: whole when they allow, else streamed. */
export async function bufferText(bytes: Buffer, limits: InputLimits): Promise<InputText> {
  // Expands past what is gunzipped at once: stream it from the bytes already read.
  return whole(bytes, limits) ?? (await streamed(Readable.from([bytes]), limits));
}

/** Opens one input as text. Throws ReadFailure with a reason a person understands. */
export async function openInputText(
  file: InputFile,
  stdin: NodeJS.ReadableStream,
  limits: InputLimits,
): Promise<InputText> {
  if (file.path === STDIN) return streamed(stdin as AsyncIterable<Buffer>, limits);
  const small = readSmallFile(file, limits);
  if (small !== undefined) return await bufferText(small, limits);
  const handle = await openFile(file);
  try {
    const info = await handle.stat();
    if (!info.isFile() && !file.named)
      throw new ReadFailure('not a regular file (a FIFO or device), skipped');
    if (info.isFile() && info.size <= limits.wholeFileBytes) {
      const bytes = await handle.readFile();
      await handle.close();
      return await bufferText(bytes, limits);
    }
    const stream = handle.createReadStream({ highWaterMark: limits.chunkBytes, autoClose: true });
    const text = await streamed(stream, limits);
    return {
      ...text,
      close: async () => {
        await text.close();
        stream.destroy();
      },
    };
  } catch (error) {
    await handle.close().catch(() => undefined);
    if (error instanceof ReadFailure) throw error;
    throw new ReadFailure(describeFsError(error), { cause: error });
  }
}
