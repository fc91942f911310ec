/** The characters the JSON splitter follows, and where a JSON string closes. */

export const QUOTE = 0x22;
export const BACKSLASH = 0x5c;
export const NEWLINE = 0x0a;
export const OPEN_BRACE = 0x7b;
export const CLOSE_BRACE = 0x7d;
export const OPEN_BRACKET = 0x5b;
export const CLOSE_BRACKET = 0x5d;
export const COMMA = 0x2c;
export const COLON = 0x3a;

export function isSpace(c: number): boolean {
  return c === 0x20 || c === NEWLINE || c === 0x0d || c === 0x09;
}

/** An odd number of backslashes runs back from just before `at` (not past `start`): the char at `at` is escaped. */
export function escapedAt(text: string, start: number, at: number): boolean {
  let k = at - 1;
  while (k >= start && text.charCodeAt(k) === BACKSLASH) k -= 1;
  return (at - 1 - k) % 2 === 1;
}

/**
 * The index of the quote that closes a string whose content starts at `start` (its opening quote and any
 * escape carried over from the previous text are behind it), or -1 when `text` ends first. Jumps from
 * quote to quote (String#indexOf is native), checking the backslashes before each.
 */
export function closingQuote(text: string, start: number): number {
  let i = start;
  for (;;) {
    const quote = text.indexOf('"', i);
    if (quote === -1 || !escapedAt(text, start, quote)) return quote;
    i = quote + 1;
  }
}
