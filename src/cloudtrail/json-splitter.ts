/**
 * Splits JSON text, fed in pieces, into the values a trail input holds, so no input is ever parsed
 * whole: the elements of a top-level array, the elements of a top-level object's `Records` or `Events`
 * array, and whole top-level values (one record, NDJSON lines, trail files glued together by zcat).
 *
 * It follows only strings and bracket depth, one character at a time; JSON.parse (in the caller)
 * checks each value. That is why it is fast: V8's JSON.parse does the real work, on small strings.
 */

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const NEWLINE = 0x0a;
const OPEN_BRACE = 0x7b;
const CLOSE_BRACE = 0x7d;
const OPEN_BRACKET = 0x5b;
const CLOSE_BRACKET = 0x5d;
const COMMA = 0x2c;
const COLON = 0x3a;

/** Where a value was found: at the top level, or as an element of a top-level array or of Records/Events. */
export type Container = 'top' | 'array' | 'Records' | 'Events';

export type Piece =
  | {
      kind: 'value';
      text: string;
      container: Container;
      /** Element index within its container (0 for top-level values). */
      index: number;
      /** 1-based line the value starts on. */
      line: number;
      /** The input ended before this top-level value closed (a truncated file or an unbalanced line). */
      unclosed?: boolean;
    }
  | {
      kind: 'broken';
      reason: string;
      line: number;
      /** Nothing of the input could be read as JSON: the whole input is refused with this reason. */
      refusesInput?: boolean;
    };

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

enum Stop {
  /** The text ran out inside the value. */
  More,
  /** The value ended just before the index returned. */
  End,
  /** A top-level object's Records or Events array opened just before the index returned. */
  Wrapper,
  /** A string ran into a line break. */
  BrokenLine,
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

function isSpace(c: number): boolean {
  return c === 0x20 || c === NEWLINE || c === 0x0d || c === 0x09;
}

export function describeStart(text: string): string {
  const head = text.slice(0, 24).split(/\r?\n/)[0] ?? '';
  // Printable ASCII only: anything else is most likely binary data decoded as text.
  return /^[\x20-\x7e]+$/.test(head) ? `starts with ${JSON.stringify(head)}` : 'binary data';
}

export function createJsonSplitter(options: JsonSplitterOptions): JsonSplitter {
  const { maxValueChars } = options;
  let mode = Mode.Top;
  let line = 1;
  let started = false;
  // The array being streamed.
  let container: Container = 'top';
  let index = 0;
  let inWrapper = false;
  // The value being scanned.
  let depth = 0;
  let inString = false;
  let escaped = false;
  let isContainer = false;
  let valueLine = 1;
  let parts: string[] = [];
  let size = 0;
  let discard = false;
  let tooBig = false;
  // Top-level objects are watched for a Records or Events key whose value is an array.
  let watchKeys = false;
  let keyStart = -1;
  let keyHead = '';
  let candidate: Container | undefined;
  let armed: Container | undefined;
  let stop = Stop.More;
  // The next line break in the current text, found once per line (-1: not looked for yet).
  let newlineAt = -1;

  function where(): string {
    return container === 'top' ? `line ${valueLine}` : `${container}[${index}]`;
  }

  function startValue(c: number): void {
    mode = Mode.Value;
    depth = 0;
    inString = false;
    escaped = false;
    isContainer = c === OPEN_BRACE || c === OPEN_BRACKET;
    valueLine = line;
    parts = [];
    size = 0;
    discard = false;
    tooBig = false;
    watchKeys = container === 'top' && c === OPEN_BRACE;
    candidate = undefined;
    armed = undefined;
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
    depth = 1;
    inString = false;
    isContainer = true;
    discard = true;
    parts = [];
    size = 0;
    watchKeys = true;
    candidate = undefined;
    armed = undefined;
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

  function keyText(text: string, end: number): string {
    return keyStart === -1 ? keyHead + text.slice(0, end) : text.slice(keyStart, end);
  }

  /**
   * Where the string that is open at `from` closes: the index of its closing quote, -1 when the text
   * ends first (`escaped` carries a trailing backslash over), or -2 when a raw line break comes first
   * (`lines` only: a top-level value, where that marks a broken NDJSON line).
   */
  function closeQuote(text: string, from: number, n: number, lines: boolean): number {
    let i = from;
    if (escaped) {
      escaped = false;
      i += 1;
    }
    // Jump from quote to quote (String#indexOf is native), checking the backslashes before each.
    const start = i;
    let quote: number;
    for (;;) {
      quote = text.indexOf('"', i);
      const at = quote === -1 ? n : quote;
      let k = at - 1;
      while (k >= start && text.charCodeAt(k) === BACKSLASH) k -= 1;
      const odd = (at - 1 - k) % 2 === 1;
      if (quote === -1) {
        escaped = odd;
        break;
      }
      if (!odd) break;
      i = quote + 1;
    }
    if (lines) {
      // One look for the next line break per line, not per string.
      if (newlineAt < from) {
        newlineAt = text.indexOf('\n', from);
        if (newlineAt === -1) newlineAt = n;
      }
      if (newlineAt < n && (quote === -1 || quote > newlineAt)) {
        escaped = false;
        return -2;
      }
    }
    return quote;
  }

  /**
   * The hot loop: one pass over every record. Scans the current value from `i` and returns where it
   * stopped, and why in `stop`. Depth lives in a local while it runs (a closure's variable would be
   * loaded and stored on every character).
   */
  function scan(text: string, from: number, n: number): number {
    let d = depth;
    const scalar = !isContainer;
    const lines = container === 'top';
    let i = from;
    stop = Stop.More;
    if (inString) {
      const end = closeQuote(text, i, n, lines);
      if (end === -1) return n;
      if (end === -2) {
        stop = Stop.BrokenLine;
        line += 1;
        return newlineAt + 1;
      }
      inString = false;
      if (d === 0) {
        stop = Stop.End;
        return end + 1;
      }
      if (d === 1 && watchKeys) noteKey(text, end);
      i = end + 1;
    }
    for (; i < n; i++) {
      const c = text.charCodeAt(i);
      if (scalar && (c === COMMA || c === CLOSE_BRACKET || c === CLOSE_BRACE || isSpace(c))) {
        // A bare number or literal ends at the first delimiter, which belongs to the array.
        stop = Stop.End;
        break;
      }
      const atKey = d === 1 && watchKeys;
      if (c === QUOTE) {
        const end = closeQuote(text, i + 1, n, lines);
        if (end === -1) {
          inString = true;
          if (atKey) keyStart = i + 1;
          i = n;
          break;
        }
        if (end === -2) {
          stop = Stop.BrokenLine;
          line += 1;
          i = newlineAt + 1;
          break;
        }
        if (d === 0) {
          i = end + 1;
          stop = Stop.End;
          break;
        }
        if (atKey) {
          keyStart = i + 1;
          noteKey(text, end);
        }
        i = end;
        continue;
      }
      if (c === OPEN_BRACE || c === OPEN_BRACKET) {
        if (atKey && armed !== undefined && c === OPEN_BRACKET) {
          i += 1;
          stop = Stop.Wrapper;
          break;
        }
        d += 1;
      } else if (c === CLOSE_BRACE || c === CLOSE_BRACKET) {
        d -= 1;
        if (d <= 0) {
          i += 1;
          stop = Stop.End;
          break;
        }
      } else if (c === NEWLINE) line += 1;
      if (atKey && !isSpace(c)) {
        armed = c === COLON ? candidate : undefined;
        candidate = undefined;
      }
    }
    depth = d;
    return i;
  }

  /** A string at the top object's first level closed at `end`: remember whether it says Records or Events. */
  function noteKey(text: string, end: number): void {
    const key = keyStart !== -1 && end - keyStart > 7 ? '' : keyText(text, end);
    candidate = key === 'Records' ? 'Records' : key === 'Events' ? 'Events' : undefined;
    armed = undefined;
  }

  function* feed(text: string): Generator<Piece> {
    const n = text.length;
    newlineAt = -1;
    let i = 0;
    let start = 0;
    while (i < n) {
      if (mode === Mode.Value) {
        i = scan(text, i, n);
        if (stop === Stop.More) {
          if (inString && watchKeys && depth === 1) {
            // Only a short key matters (Records, Events): a long string is not kept whole here.
            keyHead = keyText(text, n).slice(0, 16);
            keyStart = -1;
          }
          keep(text, start);
        } else if (stop === Stop.End) {
          const piece = finish(text, start, i);
          if (piece) yield piece;
        } else if (stop === Stop.Wrapper) {
          // {"Records": [ … : stream the array's elements; the object around it is not kept.
          container = armed as Container;
          index = 0;
          inWrapper = true;
          mode = Mode.Array;
          parts = [];
        } else {
          // JSON strings never hold a raw line break: this value is broken where the line ends.
          const reason = `${where()}: not JSON (a string is not closed before the line ends)`;
          parts = [];
          if (container === 'top') {
            inWrapper = false;
            mode = Mode.Top;
            yield { kind: 'broken', reason, line: valueLine };
          } else {
            mode = Mode.Dead;
            yield { kind: 'broken', reason: `${reason}; the rest of the input is skipped`, line: valueLine };
          }
        }
        continue;
      }
      const c = text.charCodeAt(i);
      if (mode === Mode.Top) {
        if (c === NEWLINE) line += 1;
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
            yield { kind: 'broken', reason, line, refusesInput: true };
            return;
          }
          mode = Mode.SkipLine;
          yield { kind: 'broken', reason: `line ${line}: not JSON (${describeStart(text.slice(i))})`, line };
          continue;
        }
        i += 1;
      } else if (mode === Mode.Array) {
        if (c === NEWLINE) line += 1;
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
          yield { kind: 'broken', reason, line };
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
        line += 1;
        i = next + 1;
        mode = Mode.Top;
      } else return; // Mode.Dead
    }
  }

  function* end(): Generator<Piece> {
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
