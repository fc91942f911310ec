/** Turns the bytes of one input (trail file, export, stdin) into raw records, whatever its shape. */
import { gunzipSync } from 'node:zlib';

export type Decoded = { ok: true; text: string } | { ok: false; reason: string; cause?: unknown };

export type Parsed =
  | { ok: true; records: unknown[]; unparsable: { reason: string }[] }
  | { ok: false; reason: string; cause?: unknown };

/** What each parse step appends to. */
interface Sink {
  records: unknown[];
  unparsable: { reason: string }[];
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function message(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** Gunzips when the bytes say so (magic 1f 8b, whatever the file name) and decodes the text. */
export function decodeInput(bytes: Buffer): Decoded {
  if (bytes.length === 0) return { ok: false, reason: 'empty (0 bytes)' };
  let plain = bytes;
  if (bytes[0] === 0x1f && bytes[1] === 0x8b) {
    try {
      // Sync on purpose: async gunzip hands 16 KiB chunks to the thread pool and back, and measured
      // 25-50% slower over a folder of trail files on 2 cores. Concatenated members (`cat a.gz b.gz`) work.
      plain = gunzipSync(bytes);
    } catch (error) {
      return { ok: false, reason: `truncated or corrupt gzip (${message(error)})`, cause: error };
    }
    if (plain.length === 0) return { ok: false, reason: 'empty after gunzip' };
  } else if (bytes[0] === 0x50 && bytes[1] === 0x4b && bytes[2] === 0x03 && bytes[3] === 0x04) {
    return { ok: false, reason: 'not gzip or JSON: a zip archive (unzip it first)' };
  }
  try {
    // Windows PowerShell 5 writes `> out.json` as UTF-16LE with a BOM; JSON.parse refuses a UTF-8 BOM.
    if (plain[0] === 0xff && plain[1] === 0xfe) return { ok: true, text: plain.toString('utf16le', 2) };
    const start = plain[0] === 0xef && plain[1] === 0xbb && plain[2] === 0xbf ? 3 : 0;
    return { ok: true, text: plain.toString('utf8', start) };
  } catch (error) {
    // V8 caps a string at ~512 MiB (2^29 - 24 UTF-16 units).
    return {
      ok: false,
      reason: `too large to read at once (${plain.length} bytes); split it into smaller files`,
      cause: error,
    };
  }
}

function describeStart(text: string, start: number): string {
  const head = text.slice(start, start + 24).split(/\r?\n/)[0] ?? '';
  // Printable ASCII only: anything else is most likely binary data decoded as UTF-8.
  return /^[\x20-\x7e]+$/.test(head) ? `starts with ${JSON.stringify(head)}` : 'binary data';
}

/** Detects the shape from content: {Records}, [records], one record, lookup-events output or NDJSON. */
export function parseText(text: string): Parsed {
  const start = text.search(/\S/);
  if (start === -1) return { ok: false, reason: 'empty (only whitespace)' };
  const first = text[start];
  if (first !== '{' && first !== '[')
    return { ok: false, reason: `not gzip or JSON: ${describeStart(text, start)}` };
  let document: unknown;
  try {
    document = JSON.parse(text);
  } catch (error) {
    return parseLines(text, error);
  }
  const sink: Sink = { records: [], unparsable: [] };
  const refused = addDocument(document, sink, '');
  return refused === undefined ? { ok: true, ...sink } : { ok: false, reason: refused };
}

/**
 * Appends the records a parsed JSON value holds; returns why not when the value has no supported shape.
 * `where` prefixes unparsable reasons (e.g. "line 3: ").
 */
function addDocument(value: unknown, sink: Sink, where: string): string | undefined {
  if (Array.isArray(value)) {
    // `aws cloudtrail lookup-events --query Events` prints the Events array bare.
    const head: unknown = value[0];
    if (isObject(head) && typeof head.CloudTrailEvent === 'string') addLookupEvents(value, sink, where);
    else if (sink.records.length === 0) sink.records = value;
    else for (const item of value) sink.records.push(item);
    return undefined;
  }
  if (!isObject(value)) return `JSON ${value === null ? 'null' : typeof value} is not CloudTrail records`;
  if (value.eventName !== undefined) {
    sink.records.push(value);
    return undefined;
  }
  if (value.Records !== undefined) {
    if (!Array.isArray(value.Records)) return 'Records is not an array';
    // One {Records} file: hand the parsed array over as it is, without copying record by record.
    if (sink.records.length === 0) sink.records = value.Records;
    else for (const item of value.Records) sink.records.push(item);
    return undefined;
  }
  if (value.Events !== undefined) {
    if (!Array.isArray(value.Events)) return 'Events is not an array';
    addLookupEvents(value.Events, sink, where);
    return undefined;
  }
  if (typeof value.CloudTrailEvent === 'string') {
    addLookupEvents([value], sink, where);
    return undefined;
  }
  if (value.digestStartTime !== undefined) return 'a CloudTrail digest file (log hashes), not events';
  return 'JSON object has neither Records nor Events nor eventName';
}

/** lookup-events wraps each record as a JSON string in CloudTrailEvent. */
function addLookupEvents(events: unknown[], sink: Sink, where: string): void {
  for (const [index, event] of events.entries()) {
    const id = isObject(event) && typeof event.EventId === 'string' ? ` (EventId ${event.EventId})` : '';
    const label = `${where}Events[${index}]${id}`;
    if (!isObject(event) || typeof event.CloudTrailEvent !== 'string') {
      sink.unparsable.push({ reason: `${label} has no CloudTrailEvent string` });
      continue;
    }
    try {
      sink.records.push(JSON.parse(event.CloudTrailEvent));
    } catch (error) {
      sink.unparsable.push({ reason: `${label}: CloudTrailEvent is not JSON (${message(error)})` });
    }
  }
}

// `zcat *.json.gz` glues trail files together with no newline between them. A JSON string can't hold
// `}{"Records":` (its quote would end the string, and `Records` can't follow a string), so it marks a seam.
const GLUED = /\}(?=\{"(?:Records|Events)":)/;

/**
 * NDJSON: a JSON value a line (a record, a lookup-events Event, or a whole {Records} file); blank lines
 * are skipped. When no line parses, the text is neither JSON nor NDJSON and the whole-text error says why.
 */
function parseLines(text: string, wholeError: unknown): Parsed {
  const sink: Sink = { records: [], unparsable: [] };
  let parsedLines = 0;
  let line = 0;
  for (let from = 0; from <= text.length; ) {
    let to = text.indexOf('\n', from);
    if (to === -1) to = text.length;
    const content = text.slice(from, to);
    from = to + 1;
    line += 1;
    const code = content.charCodeAt(0);
    // `{` and `[` open nearly every line: test those before trimming anything.
    if (code !== 0x7b && code !== 0x5b && content.trim() === '') continue;
    const pieces = content.includes('}{"') ? content.split(GLUED).map(closeSeam) : [content];
    for (const [index, piece] of pieces.entries()) {
      const where = pieces.length > 1 ? `line ${line} part ${index + 1}: ` : `line ${line}: `;
      let value: unknown;
      try {
        value = JSON.parse(piece);
      } catch (error) {
        sink.unparsable.push({ reason: `${where}not JSON (${message(error)})` });
        continue;
      }
      if (typeof value === 'object' && value !== null) parsedLines += 1;
      const refused = addDocument(value, sink, where);
      if (refused !== undefined) sink.records.push(value);
    }
  }
  if (parsedLines === 0) return { ok: false, reason: `not valid JSON (${message(wholeError)})` };
  return { ok: true, ...sink };
}

/** split() drops the `}` the seam pattern matched; put it back on every piece but the last. */
function closeSeam(piece: string, index: number, pieces: string[]): string {
  return index < pieces.length - 1 ? `${piece}}` : piece;
}
