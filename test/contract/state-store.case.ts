/** The StateStore contract, one suite run against every adapter (Hono's common.case.test.ts style). */
import { afterEach, describe, expect, it } from 'vitest';
import type { StateStore } from '../../src/store/state-store.js';

export interface StateStoreHarness {
  /** A fresh, empty store for one test. */
  store: StateStore<unknown>;
  /** Lets time pass for expiry: the memory adapter moves its clock, Redis waits in real time. */
  elapse(ms: number): Promise<void>;
  /** Removes what the test wrote (matters on a shared Redis). */
  cleanup?(): Promise<void>;
}

// Short enough for Redis to wait out, and the wait is double it: the test only ever checks that a value
// is gone after the wait (never that a short-lived value is still there), so it cannot flake.
const SHORT_TTL_MS = 50;
const LONG_TTL_MS = 60_000;

export function runStateStoreContract(name: string, makeHarness: () => Promise<StateStoreHarness>): void {
  describe(`${name}: StateStore contract`, () => {
    const cleanups: (() => Promise<void>)[] = [];
    afterEach(async () => {
      for (const cleanup of cleanups.splice(0)) await cleanup();
    });
    async function fresh(): Promise<StateStoreHarness> {
      const harness = await makeHarness();
      if (harness.cleanup) cleanups.push(harness.cleanup);
      return harness;
    }

    it('when several values are written in one call, reads them back in one call in the order asked', async () => {
      const { store } = await fresh();
      await store.setMany([
        { key: 'burst:alice', value: { count: 3, first: '2024-05-01T10:00:00Z', ips: ['192.0.2.10'] } },
        { key: 'seen:alice', value: 42 },
        { key: 'region:alice', value: 'eu-west-1' },
      ]);
      expect(await store.getMany(['region:alice', 'burst:alice', 'seen:alice'])).toEqual([
        'eu-west-1',
        { count: 3, first: '2024-05-01T10:00:00Z', ips: ['192.0.2.10'] },
        42,
      ]);
    });

    it('when some keys were never written, answers undefined in their positions', async () => {
      const { store } = await fresh();
      await store.setMany([{ key: 'b', value: 'B' }]);
      expect(await store.getMany(['a', 'b', 'c'])).toEqual([undefined, 'B', undefined]);
    });

    it('when a key is asked twice in one batch, answers it in both positions', async () => {
      const { store } = await fresh();
      await store.setMany([{ key: 'a', value: 1 }]);
      expect(await store.getMany(['a', 'missing', 'a'])).toEqual([1, undefined, 1]);
    });

    it('stores null, false, 0 and the empty string as values, distinct from a missing key', async () => {
      const { store } = await fresh();
      await store.setMany([
        { key: 'null', value: null },
        { key: 'false', value: false },
        { key: 'zero', value: 0 },
        { key: 'empty', value: '' },
      ]);
      expect(await store.getMany(['null', 'false', 'zero', 'empty', 'missing'])).toEqual([
        null,
        false,
        0,
        '',
        undefined,
      ]);
    });

    it('when a value is written again, the later value replaces the earlier one', async () => {
      const { store } = await fresh();
      await store.setMany([{ key: 'a', value: { count: 1 } }]);
      await store.setMany([{ key: 'a', value: { count: 2 } }]);
      expect(await store.getMany(['a'])).toEqual([{ count: 2 }]);
    });

    it('when one batch writes the same key twice, the later entry wins', async () => {
      const { store } = await fresh();
      await store.setMany([
        { key: 'a', value: 'first' },
        { key: 'a', value: 'second' },
      ]);
      expect(await store.getMany(['a'])).toEqual(['second']);
    });

    it('when keys are deleted, they read as missing and the other keys stay', async () => {
      const { store } = await fresh();
      await store.setMany([
        { key: 'a', value: 1 },
        { key: 'b', value: 2 },
        { key: 'c', value: 3 },
      ]);
      await store.deleteMany(['a', 'c', 'never-written']);
      expect(await store.getMany(['a', 'b', 'c'])).toEqual([undefined, 2, undefined]);
    });

    it('when a batch is empty, reads answer an empty list and writes and deletes change nothing', async () => {
      const { store } = await fresh();
      await store.setMany([{ key: 'a', value: 1 }]);
      expect(await store.getMany([])).toEqual([]);
      await expect(store.setMany([])).resolves.toBeUndefined();
      await expect(store.deleteMany([])).resolves.toBeUndefined();
      expect(await store.getMany(['a'])).toEqual([1]);
    });

    it('keeps a value with a ttl until the ttl passes, then answers undefined; no ttl never expires', async () => {
      const { store, elapse } = await fresh();
      await store.setMany([
        { key: 'short', value: 'S', ttlMs: SHORT_TTL_MS },
        { key: 'long', value: 'L', ttlMs: LONG_TTL_MS },
        { key: 'forever', value: 'F' },
      ]);
      expect(await store.getMany(['long', 'forever'])).toEqual(['L', 'F']);
      await elapse(SHORT_TTL_MS * 2);
      expect(await store.getMany(['short', 'long', 'forever'])).toEqual([undefined, 'L', 'F']);
    });

    it('when a value with a ttl is overwritten without one, it no longer expires', async () => {
      const { store, elapse } = await fresh();
      await store.setMany([{ key: 'a', value: 'old', ttlMs: SHORT_TTL_MS }]);
      await store.setMany([{ key: 'a', value: 'new' }]);
      await elapse(SHORT_TTL_MS * 2);
      expect(await store.getMany(['a'])).toEqual(['new']);
    });

    it('when the ttl is zero or less, the value is already expired and an older value is gone too', async () => {
      const { store } = await fresh();
      await store.setMany([{ key: 'a', value: 'old' }]);
      await store.setMany([
        { key: 'a', value: 'new', ttlMs: 0 },
        { key: 'b', value: 'B', ttlMs: -1_000 },
      ]);
      expect(await store.getMany(['a', 'b'])).toEqual([undefined, undefined]);
    });

    it('when 5,000 keys are written and read in one call each, every value comes back in its place', async () => {
      const { store } = await fresh();
      const keys = Array.from({ length: 5_000 }, (_, i) => `principal:${i}`);
      await store.setMany(keys.map((key, i) => ({ key, value: { i, key }, ttlMs: LONG_TTL_MS })));
      const values = await store.getMany(keys);
      expect(values).toHaveLength(5_000);
      expect(values.every((value, i) => (value as { i: number; key: string }).i === i)).toBe(true);
      expect(values[4_999]).toEqual({ i: 4_999, key: 'principal:4999' });
      await store.deleteMany(keys);
      expect((await store.getMany(keys)).every((value) => value === undefined)).toBe(true);
    });

    it('stores unicode text and JSON-special characters unchanged, in values and keys', async () => {
      const { store } = await fresh();
      const text = 'Zoë 東京 🔑 مرحبا "quoted" back\\slash\nnew line \u0000 \u2028';
      await store.setMany([
        { key: 'user:zoë-東京-🔑', value: { name: text } },
        { key: 'plain', value: text },
      ]);
      expect(await store.getMany(['user:zoë-東京-🔑', 'plain'])).toEqual([{ name: text }, text]);
    });
  });
}
