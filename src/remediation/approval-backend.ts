/** What the approval store needs from storage: reads, one guarded swap per change, and the pending index. */

/** Where a swap leaves the request in the pending index (a sorted set scored by expiresAt, epoch ms). */
export type PendingIndexOp = { op: 'add'; score: number } | { op: 'remove' };

export interface RequestSwap {
  /** The request's key; `member` is its id in the pending index. */
  key: string;
  member: string;
  /** The exact text read before planning; null when the key was absent. */
  expected: string | null;
  next: string;
  ttlMs: number;
  pending: PendingIndexOp;
}

/**
 * A swap is compare-and-set: it writes only when the key still holds `expected`, so the rules live once,
 * in TypeScript, and a decision planned from a stale read (a second click, a second approver, expiry in
 * another replica) is refused and planned again from what won.
 */
export interface ApprovalBackend {
  read(keys: readonly string[]): Promise<(string | null)[]>;
  /** Applies the write and the index change together when the guard holds, else neither. Atomic. */
  swap(change: RequestSwap): Promise<boolean>;
  /** Members of the pending index with score <= maxScore (all with Infinity), lowest score first. */
  pending(maxScore: number): Promise<string[]>;
  /** Drops an index entry whose record is gone (expired by TTL or deleted by hand). */
  forget(member: string): Promise<void>;
}

/** Key names under one prefix; the Redis adapter's header documents what each holds. */
export function approvalKeys(prefix: string) {
  return {
    request: (id: string) => `${prefix}request:${id}`,
    pending: `${prefix}requests:pending`,
  };
}
