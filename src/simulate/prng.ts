/** Seeded randomness for the simulator: mulberry32, plus the id formats CloudTrail uses. */

export interface Rng {
  /** Uniform in [0, 1). */
  next(): number;
  /** A 32-bit unsigned integer. */
  uint32(): number;
  /** Integer in [min, max], both included. */
  int(min: number, max: number): number;
  chance(probability: number): boolean;
  pick<T>(items: readonly T[]): T;
  /** `length` characters from `alphabet`. */
  chars(length: number, alphabet: string): string;
  /** A random UUID-shaped string (version 4 layout); not guaranteed unique, see eventUuid for that. */
  uuid(): string;
  /** A new generator seeded from this one, for a sub-stream whose length must not shift the parent's. */
  fork(): Rng;
}

export const UPPER_ALNUM = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';
// Access key ids and unique ids (AKIA…, AIDA…, AROA…) use base32-ish upper case letters and digits 2-7.
export const KEY_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
export const HEX = '0123456789abcdef';
export const MIXED_ALNUM = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

const HEX_BYTE = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, '0'));

function hex32(value: number): string {
  return (
    (HEX_BYTE[value >>> 24] as string) +
    (HEX_BYTE[(value >>> 16) & 0xff] as string) +
    (HEX_BYTE[(value >>> 8) & 0xff] as string) +
    (HEX_BYTE[value & 0xff] as string)
  );
}

/** The murmur3 finaliser: a bijection on 32-bit integers that scatters neighbouring inputs. */
export function mix32(value: number): number {
  let h = value >>> 0;
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/** A string hash (FNV-1a, finalised), for deterministic names derived from content. */
export function hashString(text: string, salt = 0): number {
  let h = (0x811c9dc5 ^ salt) >>> 0;
  for (let i = 0; i < text.length; i += 1) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
  return mix32(h);
}

function formatUuid(a: number, b: number, c: number, d: number): string {
  const hb = hex32(b);
  const hc = hex32(((c & 0x0fffffff) | 0x40000000) >>> 0);
  const hd = hex32(((d & 0x3fffffff) | 0x80000000) >>> 0);
  return `${hex32(a)}-${hb.slice(0, 4)}-${hc.slice(0, 4)}-${hd.slice(0, 4)}-${hb.slice(4)}${hc.slice(4)}${hd.slice(4)}`;
}

/**
 * A UUID-shaped eventID that is unique per (seed, stream, index): the first 48 bits are a bijection of
 * (stream, index) for a given seed, so two events never share an id however many streams there are.
 * A plain 32-bit PRNG could not promise that: its sequences overlap after ~2^16 streams.
 */
export function eventUuid(seed: number, stream: number, index: number): string {
  const a = mix32(stream ^ mix32(seed));
  const b = mix32(index ^ a);
  return formatUuid(a, b, mix32(b ^ 0x5bd1e995), mix32(a + b));
}

export function createRng(seed: number): Rng {
  let state = seed >>> 0;
  const uint32 = (): number => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return (t ^ (t >>> 14)) >>> 0;
  };
  const next = (): number => uint32() / 4294967296;
  const rng: Rng = {
    next,
    uint32,
    int: (min, max) => min + Math.floor(next() * (max - min + 1)),
    chance: (probability) => next() < probability,
    pick: <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)] as T,
    chars(length, alphabet) {
      let out = '';
      for (let i = 0; i < length; i += 1) out += alphabet[Math.floor(next() * alphabet.length)];
      return out;
    },
    uuid: () => formatUuid(uint32(), uint32(), uint32(), uint32()),
    fork: () => createRng(mix32(uint32() ^ 0x9e3779b9)),
  };
  return rng;
}
