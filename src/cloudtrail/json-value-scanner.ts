/**
 * Follows one JSON value through the text, fed in pieces: strings and bracket depth only, one character
 * at a time, so the splitter knows where the value ends without parsing it. In a top-level object it
 * also watches for a `Records` or `Events` key whose value is an array, which the splitter streams.
 */
import {
  CLOSE_BRACE,
  CLOSE_BRACKET,
  COLON,
  COMMA,
  closingQuote,
  escapedAt,
  isSpace,
  NEWLINE,
  OPEN_BRACE,
  OPEN_BRACKET,
  QUOTE,
} from './json-chars.js';
import type { Container } from './json-piece.js';

export enum Stop {
  /** The text ran out inside the value. */
  More,
  /** The value ended just before the index returned. */
  End,
  /** A top-level object's Records or Events array opened just before the index returned. */
  Wrapper,
  /** A string ran into a line break. */
  BrokenLine,
}

export class ValueScanner {
  /** The 1-based line of the scan position; the splitter counts the lines between values here too. */
  line = 1;
  /** Why the last scan stopped. */
  stop = Stop.More;
  /** The value is inside a string at the end of the text. */
  inString = false;
  /** The wrapper key (Records or Events) whose array just opened (Stop.Wrapper). */
  armed: Container | undefined;
  private depth = 0;
  private escaped = false;
  private isContainer = false;
  // Top-level objects are watched for a Records or Events key whose value is an array.
  private watchKeys = false;
  private keyStart = -1;
  private keyHead = '';
  private candidate: Container | undefined;
  // The next line break in the current text, found once per line (-1: not looked for yet).
  private newlineAt = -1;

  /** A value starts with character `c`; `topLevel`: it may be a wrapper object. */
  start(c: number, topLevel: boolean): void {
    this.depth = 0;
    this.inString = false;
    this.escaped = false;
    this.isContainer = c === OPEN_BRACE || c === OPEN_BRACKET;
    this.watchKeys = topLevel && c === OPEN_BRACE;
    this.candidate = undefined;
    this.armed = undefined;
  }

  /** Back inside a wrapper object, just past its streamed array: the rest of the object is scanned. */
  resumeWrapper(): void {
    this.depth = 1;
    this.inString = false;
    this.isContainer = true;
    this.watchKeys = true;
    this.candidate = undefined;
    this.armed = undefined;
  }

  /** A new piece of text is about to be scanned. */
  newText(): void {
    this.newlineAt = -1;
  }

  /** Where the last scan stopped inside the value, before the text ran out: keep what a key needs. */
  textEnded(text: string): void {
    if (this.inString && this.watchKeys && this.depth === 1) {
      // Only a short key matters (Records, Events): a long string is not kept whole here.
      this.keyHead = this.keyText(text, text.length).slice(0, 16);
      this.keyStart = -1;
    }
  }

  /**
   * The hot loop: one pass over every record. Scans the current value from `from` and returns where it
   * stopped, and why in `stop`. `lines`: a top-level value, where a raw line break in a string marks a
   * broken NDJSON line. Depth lives in a local while it runs (a field would be loaded and stored on
   * every character).
   */
  scan(text: string, from: number, n: number, lines: boolean): number {
    let d = this.depth;
    const scalar = !this.isContainer;
    let i = from;
    this.stop = Stop.More;
    if (this.inString) {
      const end = this.closeQuote(text, i, n, lines);
      if (end === -1) return n;
      if (end === -2) {
        this.stop = Stop.BrokenLine;
        this.line += 1;
        return this.newlineAt + 1;
      }
      this.inString = false;
      if (d === 0) {
        this.stop = Stop.End;
        return end + 1;
      }
      if (d === 1 && this.watchKeys) this.noteKey(text, end);
      i = end + 1;
    }
    for (; i < n; i++) {
      const c = text.charCodeAt(i);
      if (scalar && (c === COMMA || c === CLOSE_BRACKET || c === CLOSE_BRACE || isSpace(c))) {
        // A bare number or literal ends at the first delimiter, which belongs to the array.
        this.stop = Stop.End;
        break;
      }
      const atKey = d === 1 && this.watchKeys;
      if (c === QUOTE) {
        const end = this.closeQuote(text, i + 1, n, lines);
        if (end === -1) {
          this.inString = true;
          if (atKey) this.keyStart = i + 1;
          i = n;
          break;
        }
        if (end === -2) {
          this.stop = Stop.BrokenLine;
          this.line += 1;
          i = this.newlineAt + 1;
          break;
        }
        if (d === 0) {
          i = end + 1;
          this.stop = Stop.End;
          break;
        }
        if (atKey) {
          this.keyStart = i + 1;
          this.noteKey(text, end);
        }
        i = end;
        continue;
      }
      if (c === OPEN_BRACE || c === OPEN_BRACKET) {
        if (atKey && this.armed !== undefined && c === OPEN_BRACKET) {
          i += 1;
          this.stop = Stop.Wrapper;
          break;
        }
        d += 1;
      } else if (c === CLOSE_BRACE || c === CLOSE_BRACKET) {
        d -= 1;
        if (d <= 0) {
          i += 1;
          this.stop = Stop.End;
          break;
        }
      } else if (c === NEWLINE) this.line += 1;
      if (atKey && !isSpace(c)) {
        this.armed = c === COLON ? this.candidate : undefined;
        this.candidate = undefined;
      }
    }
    this.depth = d;
    return i;
  }

  /**
   * Where the string that is open at `from` closes: the index of its closing quote, -1 when the text
   * ends first (`escaped` carries a trailing backslash over), or -2 when a raw line break comes first
   * (`lines` only).
   */
  private closeQuote(text: string, from: number, n: number, lines: boolean): number {
    let start = from;
    if (this.escaped) {
      this.escaped = false;
      start += 1;
    }
    const quote = closingQuote(text, start);
    if (quote === -1) this.escaped = escapedAt(text, start, n);
    if (lines) {
      // One look for the next line break per line, not per string.
      if (this.newlineAt < from) {
        this.newlineAt = text.indexOf('\n', from);
        if (this.newlineAt === -1) this.newlineAt = n;
      }
      if (this.newlineAt < n && (quote === -1 || quote > this.newlineAt)) {
        this.escaped = false;
        return -2;
      }
    }
    return quote;
  }

  private keyText(text: string, end: number): string {
    return this.keyStart === -1 ? this.keyHead + text.slice(0, end) : text.slice(this.keyStart, end);
  }

  /** A string at the top object's first level closed at `end`: remember whether it says Records or Events. */
  private noteKey(text: string, end: number): void {
    const key = this.keyStart !== -1 && end - this.keyStart > 7 ? '' : this.keyText(text, end);
    this.candidate = key === 'Records' ? 'Records' : key === 'Events' ? 'Events' : undefined;
    this.armed = undefined;
  }
}
