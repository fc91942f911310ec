import { describe, expect, it } from 'vitest';
import { createJsonSplitter, type Piece } from '../../../src/cloudtrail/json-splitter.js';

/** Feeds `text` in pieces cut at `cuts` and returns what the splitter yields, end included. */
function split(text: string, cuts: number[] = [], maxValueChars = 1_000): Piece[] {
  const splitter = createJsonSplitter({ maxValueChars });
  const out: Piece[] = [];
  let from = 0;
  for (const cut of [...cuts, text.length]) {
    out.push(...splitter.feed(text.slice(from, cut)));
    from = cut;
  }
  out.push(...splitter.end());
  return out;
}

const values = (pieces: Piece[]) =>
  pieces.map((piece) => (piece.kind === 'value' ? [piece.container, piece.text] : ['broken', piece.reason]));

const a = '{"eventName":"A","s":"q\\"uote\\\\","n":[1,{"x":"}"}]}';
const b = '{"eventName":"B","t":"\\\\\\""}';

describe('createJsonSplitter', () => {
  it.each([
    ['a {"Records"} file', `{"Records":[${a},${b}]}`, 'Records'],
    [
      'a wrapper with keys before and after its array',
      `{"x":{"Records":[]},"Records":[${a},${b}],"y":[1]}`,
      'Records',
    ],
    ['lookup-events output', `{"NextToken":"t","Events":[${a}, ${b}]}`, 'Events'],
    ['a bare array, pretty-printed', `[\n  ${a},\n  ${b}\n]\n`, 'array'],
  ])('when given %s, yields each element whole, however the text is cut', (_shape, text, container) => {
    const expected = [
      [container, a],
      [container, b],
    ];
    expect(values(split(text))).toEqual(expected);
    // Every cut point: a string, an escape, a key or a bracket split across two pieces.
    for (let cut = 1; cut < text.length; cut += 1) expect(values(split(text, [cut]))).toEqual(expected);
  });

  it('when given NDJSON, glued files and a pretty record, yields each top-level value with its line', () => {
    const text = `${a}\r\n\n${b}\n{"Records":[${a}]}{"Records":[${b}]}\n{\n  "eventName": "C"\n}\n`;
    const pieces = split(text, [7, 40]);
    expect(pieces.map((piece) => (piece.kind === 'value' ? [piece.container, piece.line] : piece))).toEqual([
      ['top', 1],
      ['top', 3],
      ['Records', 4],
      ['Records', 4],
      ['top', 5],
    ]);
  });

  it('when an array holds numbers, strings and literals, yields each', () => {
    expect(values(split('[1, -2.5e3,"x,]",true ,null]'))).toEqual([
      ['array', '1'],
      ['array', '-2.5e3'],
      ['array', '"x,]"'],
      ['array', 'true'],
      ['array', 'null'],
    ]);
  });

  it('when an NDJSON line breaks off inside a string, says which line and reads the next', () => {
    expect(values(split(`${a}\n{"eventName": "Trunc\n${b}\n`))).toEqual([
      ['top', a],
      ['broken', 'line 2: not JSON (a string is not closed before the line ends)'],
      ['top', b],
    ]);
  });

  it('when junk stands between lines, skips that line only', () => {
    expect(values(split(`${a}\nnot json, {"a":1}\n${b}`))).toEqual([
      ['top', a],
      ['broken', 'line 2: not JSON (starts with "not json, {\\"a\\":1}")'],
      ['top', b],
    ]);
  });

  it('when the text does not start like JSON, refuses the input at once and reads no further', () => {
    const splitter = createJsonSplitter({ maxValueChars: 100 });
    const pieces = [...splitter.feed('\u0000\u0000\u0000{"Records":[]}')];
    expect(pieces).toEqual([
      { kind: 'broken', reason: 'not JSON: binary data', line: 1, refusesInput: true },
    ]);
    expect(splitter.done).toBe(true);
  });

  it('when a record is larger than the limit, skips it without holding it and reads the next', () => {
    const big = `{"eventName":"Big","pad":"${'x'.repeat(500)}"}`;
    const text = `{"Records":[${a},${big},${b}]}`;
    for (const cuts of [[], [30, 200, 400]]) {
      expect(values(split(text, cuts, 200))).toEqual([
        ['Records', a],
        ['broken', 'Records[1]: larger than 200 characters, skipped'],
        ['Records', b],
      ]);
    }
  });

  it('when the text ends inside Records, says so after the records that were whole', () => {
    expect(values(split(`{"Records":[${a},{"eventName":"Tr`))).toEqual([
      ['Records', a],
      ['broken', 'ends inside Records[1] (truncated?)'],
    ]);
  });

  it('when a top-level value never closes, hands its text back for a line-by-line reading', () => {
    const pieces = split(`{"eventName":"A"\n${b}\n`);
    expect(pieces).toEqual([
      {
        kind: 'value',
        text: `{"eventName":"A"\n${b}\n`,
        container: 'top',
        index: 0,
        line: 1,
        unclosed: true,
      },
    ]);
  });

  it('when the text is only whitespace, refuses the input as empty', () => {
    expect(values(split(' \n\t '))).toEqual([['broken', 'empty (only whitespace)']]);
  });
});
