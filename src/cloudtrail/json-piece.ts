/** What the JSON splitter (json-splitter.ts) yields: the values of a trail input, or why not. */

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

/** How text that is not JSON starts, for a reason a person reads. */
export function describeStart(text: string): string {
  const head = text.slice(0, 24).split(/\r?\n/)[0] ?? '';
  // Printable ASCII only: anything else is most likely binary data decoded as text.
  return /^[\x20-\x7e]+$/.test(head) ? `starts with ${JSON.stringify(head)}` : 'binary data';
}
