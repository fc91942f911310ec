import { describe, expect, it } from 'vitest';
import { boundedMemo } from '../../src/bounded-memo.js';

describe('boundedMemo', () => {
  it('works out each argument once and answers the same again', () => {
    const asked: string[] = [];
    const upper = boundedMemo((from) => {
      asked.push(from);
      return from.toUpperCase();
    }, 10);
    expect([upper('a'), upper('b'), upper('a'), upper('b')]).toEqual(['A', 'B', 'A', 'B']);
    expect(asked).toEqual(['a', 'b']);
  });

  it('remembers a falsy answer too', () => {
    let calls = 0;
    const never = boundedMemo(() => {
      calls += 1;
      return false;
    }, 10);
    never('x');
    never('x');
    expect(calls).toBe(1);
  });

  it('past its bound forgets what it knew and starts again, so endless new arguments keep memory bounded', () => {
    const asked: string[] = [];
    const same = boundedMemo((from) => {
      asked.push(from);
      return from;
    }, 2);
    for (const from of ['a', 'b', 'c', 'a']) same(from);
    // 'c' found two remembered answers and dropped them, so 'a' is worked out again.
    expect(asked).toEqual(['a', 'b', 'c', 'a']);
  });
});
