/**
 * Splits JSON text, fed in pieces, into the values a trail input holds, so no input is ever parsed
 * whole: the elements of a top-level array, the elements of a top-level object's `Records` or `Events`
 * array, and whole top-level values (one record, NDJSON lines, trail files glued together by zcat).
 *
 * This file walks between values (the top level, an array being streamed) and collects each value's
 * text; json-value-scanner.ts follows a value's strings and brackets to its end. JSON.parse (in the
 * caller) checks each value. That is why it is fast: V8's JSON.parse does the real work, on small strings.
 */
import {
  CLOSE_BRACE,
  CLOSE_BRACKET,
  COLON,
  COMMA,
  isSpace,
  NEWLINE,
  OPEN_BRACE,
  OPEN_BRACKET,
} from './json-chars.js';
import { type Container, describeStart, type Piece } from './json-piece.js';
import { Stop, ValueScanner } from './json-value-scanner.js';

export type { Piece } from './json-piece.js';

export interface JsonSplitterOptions {
  /** A value whose text grows past this many characters is skipped (and said so), never held. */
  maxValueChars: number;
}

export interface JsonSplitter {
  /** Splits the next piece of text; values that close within it are yielded, the rest is kept. */
  feed(text: string): Generator<Piece>;
  /** Nothing more can be read from this input: the caller may stop feeding it. */
  readonly done: boolean;
  /** End of input: says what was left open. */
  end(): Generator<Piece>;
}

enum Mode {
  /** Between top-level values. */
  Top,
  /** Between the elements of an array being streamed. */
  Array,
  /** Inside a value. */
  Value,
  /** After junk at the top level: waits for the next line. */
  SkipLine,
  /** After a break inside a streamed array: the rest of the input is not trusted. */
  Dead,
}

export function createJsonSplitter(options: JsonSplitterOptions): JsonSplitter {
  const { maxValueChars } = options;
  const scanner = new ValueScanner();
  let mode = Mode.Top;
  let started = false;
  // The array being streamed.
  let container: Container = 'top';
  let index = 0;
  let inWrapper = false;
  // The text of the value being scanned, when it spans pieces of input.
  let valueLine = 1;
  let parts: string[] = [];
  let size = 0;
  let discard = false;
  let tooBig = false;

  function where(): string {
    return container === 'top' ? `line ${valueLine}` : `${container}[${index}]`;
  }

  function startValue(c: number): void {
    mode = Mode.Value;
    scanner.start(c, container === 'top');
    valueLine = scanner.line;
    parts = [];
    size = 0;
    discard = false;
    tooBig = false;
  }

  function afterValue(): void {
    if (container === 'top') mode = Mode.Top;
    else {
      index += 1;
      mode = Mode.Array;
    }
  }

  function closeWrapperArray(): void {
    // Back in the wrapper object, past its array: the rest (NextToken…) is scanned, not kept.
    container = 'top';
    mode = Mode.Value;
    scanner.resumeWrapper();
    discard = true;
    parts = [];
    size = 0;
  }

  /** The finished value, or a note that it was too large. */
  function finish(text: string, start: number, end: number): Piece | undefined {
    if (discard) {
      if (inWrapper && container === 'top') inWrapper = false;
      const reason = tooBig ? `${where()}: larger than ${maxValueChars} characters, skipped` : undefined;
      afterValue();
      return reason === undefined ? undefined : { kind: 'broken', reason, line: valueLine };
    }
    const own = text.slice(start, end);
    const whole = parts.length === 0 ? own : parts.join('') + own;
    parts = [];
    if (whole.length > maxValueChars) {
      const reason = `${where()}: larger than ${maxValueChars} characters, skipped`;
      afterValue();
      return { kind: 'broken', reason, line: valueLine };
    }
    const piece: Piece = { kind: 'value', text: whole, container, index, line: valueLine };
    afterValue();
    return piece;
  }

  function keep(text: string, start: number): void {
    if (discard) return;
    size += text.length - start;
    if (size > maxValueChars) {
      discard = true;
      tooBig = true;
      parts = [];
      return;
    }
    parts.push(start === 0 ? text : text.slice(start));
  }

  /** Scans on inside a value from `i`; returns where it stopped, and the value or a break when it ended. */
  function inValue(text: string, i: number, start: number): { next: number; piece?: Piece } {
    const next = scanner.scan(text, i, text.length, container === 'top');
    const { stop } = scanner;
    if (stop === Stop.More) {
      scanner.textEnded(text);
      keep(text, start);
      return { next };
    }
    if (stop === Stop.End) return { next, piece: finish(text, start, next) };
    if (stop === Stop.Wrapper) {
      // {"Records": [ … : stream the array's elements; the object around it is not kept.
      container = scanner.armed as Container;
      index = 0;
      inWrapper = true;
      mode = Mode.Array;
      parts = [];
      return { next };
    }
    // JSON strings never hold a raw line break: this value is broken where the line ends.
    const reason = `${where()}: not JSON (a string is not closed before the line ends)`;
    parts = [];
    if (container === 'top') {
      inWrapper = false;
      mode = Mode.Top;
      return { next, piece: { kind: 'broken', reason, line: valueLine } };
    }
    mode = Mode.Dead;
    return {
      next,
      piece: { kind: 'broken', reason: `${reason}; the rest of the input is skipped`, line: valueLine },
    };
  }

  function* feed(text: string): Generator<Piece> {
    const n = text.length;
    scanner.newText();
    let i = 0;
    let start = 0;
    while (i < n) {
      if (mode === Mode.Value) {
        const { next, piece } = inValue(text, i, start);
        if (piece) yield piece;
        i = next;
        continue;
      }
      const c = text.charCodeAt(i);
      if (mode === Mode.Top) {
        if (c === NEWLINE) scanner.line += 1;
        else if (c === OPEN_BRACKET) {
          started = true;
          container = 'array';
          index = 0;
          mode = Mode.Array;
        } else if (!isSpace(c)) {
          if (c === OPEN_BRACE) {
            container = 'top';
            started = true;
            startValue(c);
            start = i;
            continue;
          }
          if (!started) {
            mode = Mode.Dead;
            const reason = `not JSON: ${describeStart(text.slice(i))}`;
            yield { kind: 'broken', reason, line: scanner.line, refusesInput: true };
            return;
          }
          mode = Mode.SkipLine;
          const reason = `line ${scanner.line}: not JSON (${describeStart(text.slice(i))})`;
          yield { kind: 'broken', reason, line: scanner.line };
          continue;
        }
        i += 1;
      } else if (mode === Mode.Array) {
        if (c === NEWLINE) scanner.line += 1;
        else if (c === CLOSE_BRACKET) {
          if (inWrapper) closeWrapperArray();
          else {
            container = 'top';
            mode = Mode.Top;
          }
          i += 1;
          start = i;
          continue;
        } else if (c === CLOSE_BRACE || c === COLON) {
          mode = Mode.Dead;
          const reason = `${container}[${index}]: not JSON (unexpected "${String.fromCharCode(c)}"); the rest of the input is skipped`;
          yield { kind: 'broken', reason, line: scanner.line };
          return;
        } else if (c !== COMMA && !isSpace(c)) {
          startValue(c);
          start = i;
          continue;
        }
        i += 1;
      } else if (mode === Mode.SkipLine) {
        const next = text.indexOf('\n', i);
        if (next === -1) return;
        scanner.line += 1;
        i = next + 1;
        mode = Mode.Top;
      } else return; // Mode.Dead
    }
  }

  function* end(): Generator<Piece> {
    const { line } = scanner;
    if (mode === Mode.Value) {
      if (container === 'top' && !discard) {
        const text = parts.join('');
        parts = [];
        mode = Mode.Dead;
        yield { kind: 'value', text, container, index: 0, line: valueLine, unclosed: true };
        return;
      }
      const what = container === 'top' ? `the value on line ${valueLine}` : `${container}[${index}]`;
      mode = Mode.Dead;
      yield { kind: 'broken', reason: `ends inside ${what} (truncated?)`, line };
    } else if (mode === Mode.Array) {
      mode = Mode.Dead;
      yield { kind: 'broken', reason: `ends inside ${container} after ${index} elements (truncated?)`, line };
    } else if (!started && mode === Mode.Top) {
      yield { kind: 'broken', reason: 'empty (only whitespace)', line, refusesInput: true };
    }
  }

  return {
    feed,
    end,
    get done() {
      return mode === Mode.Dead;
    },
  };
}
