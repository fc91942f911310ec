import { describe, expect, it } from 'vitest';
import { createRng, eventUuid } from '../../../src/simulate/prng.js';

describe('prng', () => {
  it('when seeded alike, draws the same sequence; seeded differently, another one', () => {
    const draw = (seed: number) => Array.from({ length: 5 }, createRng(seed).uint32);
    expect(draw(42)).toEqual(draw(42));
    expect(draw(42)).not.toEqual(draw(43));
  });

  it('gives UUID-shaped eventIDs that never repeat across many streams and indexes', () => {
    const seen = new Set<string>();
    for (let stream = 0; stream < 400; stream += 1) {
      for (let index = 0; index < 250; index += 1) seen.add(eventUuid(1, stream, index));
    }
    expect(seen.size).toBe(100_000);
    expect(eventUuid(1, 7, 3)).toMatch(
      /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/,
    );
    expect(eventUuid(2, 7, 3)).not.toBe(eventUuid(1, 7, 3));
  });
});
