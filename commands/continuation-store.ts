/**
 * Keeps a "more" button's state server-side when it is too long for the button's value (Slack allows
 * 2,000 characters). The port, and an in-memory adapter for one process and for tests.
 */
import { randomUUID } from 'node:crypto';

export interface ContinuationStore {
  /** Stores `state` for a while and answers a short id for it. */
  put(state: string): Promise<string>;
  /** undefined when unknown or expired. */
  get(id: string): Promise<string | undefined>;
}

export interface MemoryContinuationOptions {
  now?: () => number;
  /** Default 30 minutes: past that, the query's window is stale anyway. */
  ttlMs?: number;
  /** Oldest entries are dropped past this many (default 1,000). */
  max?: number;
}

export function createMemoryContinuationStore(options: MemoryContinuationOptions = {}): ContinuationStore {
  const now = options.now ?? Date.now;
  const ttlMs = options.ttlMs ?? 30 * 60_000;
  const max = options.max ?? 1_000;
  const entries = new Map<string, { state: string; expiresAt: number }>();
  return {
    async put(state) {
      const id = randomUUID();
      entries.set(id, { state, expiresAt: now() + ttlMs });
      for (const oldest of entries.keys()) {
        if (entries.size <= max) break;
        entries.delete(oldest);
      }
      return id;
    },
    async get(id) {
      const entry = entries.get(id);
      if (!entry || entry.expiresAt <= now()) {
        entries.delete(id);
        return undefined;
      }
      return entry.state;
    },
  };
}
