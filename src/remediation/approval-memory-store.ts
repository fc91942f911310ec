/** In-memory adapter of the approval store, for tests and `simulate`: Redis's semantics in Maps. */
import type { ApprovalStore, ApprovalStoreOptions } from './approval-store.js';
import { type ApprovalBackend, createApprovalStoreCore } from './approval-store-core.js';

interface Entry {
  value: string;
  expiresAt: number;
}

/**
 * The core awaits between its read and its swap, so concurrent callers interleave here just as replicas
 * do against Redis: the compare-and-set, not JavaScript's single thread, keeps a request deciding once.
 */
export function createMemoryApprovalBackend(now: () => number = Date.now): ApprovalBackend {
  const records = new Map<string, Entry>();
  const pending = new Map<string, number>();

  const live = (key: string): string | null => {
    const entry = records.get(key);
    if (entry && entry.expiresAt <= now()) records.delete(key);
    return records.get(key)?.value ?? null;
  };

  return {
    async read(keys) {
      return keys.map(live);
    },
    async swap(change) {
      if (live(change.key) !== change.expected) return false;
      records.set(change.key, { value: change.next, expiresAt: now() + change.ttlMs });
      if (change.pending.op === 'add') pending.set(change.member, change.pending.score);
      else pending.delete(change.member);
      return true;
    },
    async pending(maxScore) {
      return [...pending]
        .filter(([, score]) => score <= maxScore)
        .sort(([a, x], [b, y]) => x - y || (a < b ? -1 : a > b ? 1 : 0))
        .map(([member]) => member);
    },
    async forget(member) {
      pending.delete(member);
    },
  };
}

export interface MemoryApprovalStoreOptions extends ApprovalStoreOptions {
  prefix?: string;
}

export function createMemoryApprovalStore(options: MemoryApprovalStoreOptions = {}): ApprovalStore {
  const backend = createMemoryApprovalBackend(options.now);
  return createApprovalStoreCore({ ...options, backend, prefix: options.prefix ?? '' });
}
