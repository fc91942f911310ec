/** In-memory adapter of the findings store, for `scan` and tests: Redis's semantics in Maps, clock injectable. */
import type { FindingsStore, FindingsStoreOptions } from './findings-store.js';
import {
  type CommitOp,
  createFindingsStoreCore,
  type FindingsBackend,
  type IndexLimits,
} from './findings-store-core.js';

interface Expiring {
  expiresAt: number;
}
interface StringEntry extends Expiring {
  value: string;
}
interface SortedSet extends Expiring {
  members: Map<string, number>;
}

/** Highest score first; ties in descending member order, as ZREVRANGEBYSCORE answers them. */
function ordered(members: Map<string, number>): [string, number][] {
  return [...members].sort(([a, x], [b, y]) => y - x || (a < b ? 1 : a > b ? -1 : 0));
}

/**
 * The store core awaits between its read and its commit, so two callers interleave here just as two
 * workers do against Redis: the guards, not JavaScript's single thread, keep updates from being lost.
 */
export function createMemoryFindingsBackend(now: () => number = Date.now): FindingsBackend {
  const strings = new Map<string, StringEntry>();
  const sets = new Map<string, SortedSet>();

  function live<T extends Expiring>(map: Map<string, T>, key: string): T | undefined {
    const entry = map.get(key);
    if (entry && entry.expiresAt <= now()) {
      map.delete(key);
      return undefined;
    }
    return entry;
  }

  function holds(op: CommitOp): boolean {
    if (op.op === 'absent') return live(strings, op.key) === undefined;
    if (op.op === 'equals') return live(strings, op.key)?.value === op.value;
    return true;
  }

  function apply(op: CommitOp, touched: Set<string>): void {
    if (op.op === 'set') strings.set(op.key, { value: op.value, expiresAt: now() + op.ttlMs });
    else if (op.op === 'del') strings.delete(op.key);
    else if (op.op === 'zrem') live(sets, op.key)?.members.delete(op.member);
    else if (op.op === 'zadd') {
      const set = live(sets, op.key) ?? { members: new Map(), expiresAt: Number.POSITIVE_INFINITY };
      set.members.set(op.member, op.score);
      sets.set(op.key, set);
      touched.add(op.key);
    }
  }

  function trim(key: string, limits: IndexLimits): void {
    const set = sets.get(key);
    if (!set) return;
    if (set.members.size > limits.cap) set.members = new Map(ordered(set.members).slice(0, limits.cap));
    set.expiresAt = now() + limits.ttlMs;
  }

  return {
    async read(keys) {
      return keys.map((key) => live(strings, key)?.value ?? null);
    },
    async commit(ops, limits) {
      if (!ops.every(holds)) return false;
      const touched = new Set<string>();
      for (const op of ops) apply(op, touched);
      for (const key of touched) trim(key, limits);
      return true;
    },
    async range(key, min, offset, count) {
      const set = live(sets, key);
      if (!set) return [];
      const inRange = ordered(set.members).filter(([, score]) => score >= min);
      return inRange.slice(offset, offset + count).map(([member]) => member);
    },
  };
}

export interface MemoryFindingsStoreOptions extends FindingsStoreOptions {
  /** Share one backend between stores to model several workers; default: a new one on the same clock. */
  backend?: FindingsBackend;
  newIncidentId?: () => string;
}

export function createMemoryFindingsStore(options: MemoryFindingsStoreOptions = {}): FindingsStore {
  const backend = options.backend ?? createMemoryFindingsBackend(options.now);
  return createFindingsStoreCore({ ...options, backend, prefix: '' });
}
