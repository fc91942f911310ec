/** In-memory StateStore for `scan` and tests; expiry is checked on read against an injectable clock. */
import type { StateEntry, StateStore } from './state-store.js';

export interface MemoryStateStoreOptions<T> {
  now?: () => number;
  /** Entries to start with (from a snapshot); expired ones are dropped. */
  entries?: Iterable<SnapshotEntry<T>>;
}

export interface SnapshotEntry<T> {
  key: string;
  value: T;
  /** Epoch milliseconds; null: never. */
  expiresAt: number | null;
}

export interface MemoryStateStore<T> extends StateStore<T> {
  /** Every live entry, for `scan --state` to save. */
  snapshot(): SnapshotEntry<T>[];
}

export function createMemoryStateStore<T = unknown>(
  options: MemoryStateStoreOptions<T> = {},
): MemoryStateStore<T> {
  const now = options.now ?? Date.now;
  const values = new Map<string, { value: T; expiresAt: number }>();
  const started = now();
  for (const { key, value, expiresAt } of options.entries ?? []) {
    const expiry = expiresAt ?? Number.POSITIVE_INFINITY;
    if (expiry > started) values.set(key, { value, expiresAt: expiry });
  }
  return {
    snapshot() {
      const at = now();
      const out: SnapshotEntry<T>[] = [];
      for (const [key, { value, expiresAt }] of values) {
        if (expiresAt > at)
          out.push({ key, value, expiresAt: Number.isFinite(expiresAt) ? expiresAt : null });
      }
      return out;
    },
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
