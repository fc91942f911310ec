/**
 * Turns the values the JSON splitter finds in one input into raw records, whatever the input's shape:
 * {Records}, [records], one record, lookup-events output or NDJSON.
 */
import type { Piece } from './json-piece.js';

/** What parsed values are appended to; the caller empties it as it hands records on. */
export interface RecordSink {
  records: unknown[];
  unparsable: { reason: string }[];
}

export interface RecordParser {
  add(piece: Piece, sink: RecordSink): void;
  /**
   * At the end of an input that gave `records` records: why the whole input is refused, when nothing in
   * it was CloudTrail JSON (only whitespace, text that is not JSON, a JSON object of another kind).
   */
  refusal(records: number): string | undefined;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function message(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

function isLookupEvent(value: unknown): boolean {
  return isObject(value) && typeof value.CloudTrailEvent === 'string';
}

/** lookup-events wraps each record as a JSON string in CloudTrailEvent. */
function addLookupEvent(event: unknown, label: string, sink: RecordSink): boolean {
  const id = isObject(event) && typeof event.EventId === 'string' ? ` (EventId ${event.EventId})` : '';
  if (!isObject(event) || typeof event.CloudTrailEvent !== 'string') {
    sink.unparsable.push({ reason: `${label}${id} has no CloudTrailEvent string` });
    return false;
  }
  try {
    sink.records.push(JSON.parse(event.CloudTrailEvent));
    return true;
  } catch (error) {
    sink.unparsable.push({ reason: `${label}${id}: CloudTrailEvent is not JSON (${message(error)})` });
    return false;
  }
}

/**
 * Appends the records a parsed top-level value holds; returns why not when the value has no supported
 * shape. `where` prefixes reasons (e.g. "line 3: ").
 */
function addDocument(value: unknown, sink: RecordSink, where: string): string | undefined {
  if (Array.isArray(value)) {
    for (const [index, item] of value.entries()) {
      if (isLookupEvent(item)) addLookupEvent(item, `${where}[${index}]`, sink);
      else sink.records.push(item);
    }
    return undefined;
  }
  if (!isObject(value)) return `JSON ${value === null ? 'null' : typeof value} is not CloudTrail records`;
  if (value.eventName !== undefined) {
    sink.records.push(value);
    return undefined;
  }
  if (value.Records !== undefined) {
    if (!Array.isArray(value.Records)) return 'Records is not an array';
    for (const item of value.Records) sink.records.push(item);
    return undefined;
  }
  if (value.Events !== undefined) {
    if (!Array.isArray(value.Events)) return 'Events is not an array';
    for (const [index, event] of value.Events.entries())
      addLookupEvent(event, `${where}Events[${index}]`, sink);
    return undefined;
  }
  if (isLookupEvent(value)) {
    addLookupEvent(value, `${where}Events[0]`, sink);
    return undefined;
  }
  if (value.digestStartTime !== undefined) return 'a CloudTrail digest file (log hashes), not events';
  return 'JSON object has neither Records nor Events nor eventName';
}

/**
 * The records of a trail file already whole in memory, `{"Records": [...]}` and nothing else, in one
 * JSON.parse: splitting a small file into a string per record and parsing each cost a scan a fifth more
 * than reading. Undefined for any other shape, or text that does not parse: the splitter reads it then,
 * and says what is wrong where.
 */
export function parseTrailFile(text: string): unknown[] | undefined {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return undefined;
  }
  if (!isObject(value) || value.eventName !== undefined || value.Events !== undefined) return undefined;
  return Array.isArray(value.Records) ? value.Records : undefined;
}

// `zcat *.json.gz` can glue trail files together on one line; a JSON string can't hold `}{"Records":`
// (its quote would end the string, and `Records` can't follow a string), so it marks a seam.
const GLUED = /\}(?=\{"(?:Records|Events)":)/;

/** split() drops the `}` the seam pattern matched; put it back on every piece but the last. */
function closeSeam(piece: string, index: number, pieces: string[]): string {
  return index < pieces.length - 1 ? `${piece}}` : piece;
}

export function createRecordParser(): RecordParser {
  let values = 0;
  let firstRefusal: string | undefined;
  let firstBreak: string | undefined;
  let refusedInput: string | undefined;

  function noteBreak(reason: string, sink: RecordSink): void {
    firstBreak ??= reason;
    sink.unparsable.push({ reason });
  }

  /** A whole top-level value: one record, one NDJSON line, one lookup Event, or something else. */
  function addTop(text: string, label: string, sink: RecordSink): boolean {
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch (error) {
      noteBreak(`${label}: not JSON (${message(error)})`, sink);
      return false;
    }
    values += 1;
    const refused = addDocument(value, sink, `${label}: `);
    if (refused !== undefined) {
      firstRefusal ??= refused;
      sink.unparsable.push({ reason: `${label}: ${refused}` });
    }
    return true;
  }

  /**
   * A top-level value that did not parse and spans lines: NDJSON with a broken line (an unclosed brace
   * swallows the lines after it). Each line is tried on its own, so one bad line loses only itself.
   */
  function addLines(text: string, firstLine: number, sink: RecordSink): void {
    for (const [offset, content] of text.split('\n').entries()) {
      if (content.trim() === '') continue;
      const line = firstLine + offset;
      const pieces = content.includes('}{"') ? content.split(GLUED).map(closeSeam) : [content];
      for (const [index, piece] of pieces.entries()) {
        addTop(piece, pieces.length > 1 ? `line ${line} part ${index + 1}` : `line ${line}`, sink);
      }
    }
  }

  function addElement(piece: Extract<Piece, { kind: 'value' }>, sink: RecordSink): void {
    // The label is built only when needed: a string per record was a measurable share of a scan's garbage.
    const label = () => `${piece.container}[${piece.index}]`;
    let value: unknown;
    try {
      value = JSON.parse(piece.text);
    } catch (error) {
      noteBreak(`${label()}: not JSON (${message(error)})`, sink);
      return;
    }
    values += 1;
    if (piece.container === 'Events') addLookupEvent(value, label(), sink);
    else if (piece.container === 'array' && isLookupEvent(value)) addLookupEvent(value, label(), sink);
    else sink.records.push(value);
  }

  function addTopValue(piece: Extract<Piece, { kind: 'value' }>, sink: RecordSink): void {
    const multiline = piece.text.includes('\n');
    if (!piece.unclosed) {
      // The common case, one record or one NDJSON line, parses at the first try.
      const before = sink.unparsable.length;
      const breakBefore = firstBreak;
      if (addTop(piece.text, `line ${piece.line}`, sink) || !multiline) return;
      // Not one value after all: forget that failure, the lines say more.
      sink.unparsable.length = before;
      firstBreak = breakBefore;
    }
    if (multiline) addLines(piece.text, piece.line, sink);
    else noteBreak(`line ${piece.line}: not JSON (the input ends before the value closes)`, sink);
  }

  return {
    add(piece, sink) {
      if (piece.kind === 'broken') {
        if (piece.refusesInput) refusedInput ??= piece.reason;
        else noteBreak(piece.reason, sink);
      } else if (piece.container === 'top') addTopValue(piece, sink);
      else addElement(piece, sink);
    },
    refusal(records) {
      if (refusedInput !== undefined) return refusedInput;
      if (records > 0) return undefined;
      if (firstRefusal !== undefined) return firstRefusal;
      if (values === 0 && firstBreak !== undefined) return `not valid JSON (${firstBreak})`;
      return undefined;
    },
  };
}
