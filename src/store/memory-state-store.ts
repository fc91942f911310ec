/** In-memory StateStore for `scan` and tests; expiry is checked on read against an injectable clock. */
import type { StateEntry, StateStore } from './state-store.js';

export interface MemoryStateStoreOptions {
  now?: () => number;
}

export function createMemoryStateStore<T = unknown>(options: MemoryStateStoreOptions = {}): StateStore<T> {
  const now = options.now ?? Date.now;
  const values = new Map<string, { value: T; expiresAt: number }>();
  return {
    async getMany(keys) {
      const at = now();
      return keys.map((key) => {
        const entry = values.get(key);
        if (!entry) return undefined;
        if (entry.expiresAt <= at) {
          values.delete(key);
          return undefined;
        }
        return entry.value;
      });
    },
    async setMany(entries: readonly StateEntry<T>[]) {
      const at = now();
      for (const { key, value, ttlMs } of entries) {
        values.set(key, { value, expiresAt: ttlMs === undefined ? Number.POSITIVE_INFINITY : at + ttlMs });
      }
    },
    async deleteMany(keys) {
      for (const key of keys) values.delete(key);
    },
  };
}
