/** What the findings store needs from storage: batched reads, index pages and guarded atomic commits. */

/**
 * One step of a commit. Guards (`absent`, `equals`) are checked first; when any fails, nothing is written.
 * That makes read-plan-commit an optimistic transaction: the merge rules live once, in TypeScript, and
 * a commit built on a stale read is refused and planned again from a fresh one.
 */
export type CommitOp =
  | { op: 'absent'; key: string }
  | { op: 'equals'; key: string; value: string }
  | { op: 'set'; key: string; value: string; ttlMs: number }
  | { op: 'del'; key: string }
  | { op: 'zadd'; key: string; score: number; member: string }
  | { op: 'zrem'; key: string; member: string };

export interface IndexLimits {
  /** Every sorted set a commit adds to is trimmed to this many highest-scored members… */
  cap: number;
  /** …and expires this long after the commit. */
  ttlMs: number;
}

export interface FindingsBackend {
  /** Values in the order asked; null for a missing or expired key. One round trip. */
  read(keys: readonly string[]): Promise<(string | null)[]>;
  /** Applies every write when every guard holds, else none; answers whether it applied. Atomic. */
  commit(ops: readonly CommitOp[], limits: IndexLimits): Promise<boolean>;
  /** Members with score >= min, highest score first (ties: member descending), from `offset`. */
  range(key: string, min: number, offset: number, count: number): Promise<string[]>;
}

/** Key names under one prefix; the Redis adapter's header documents what each holds. */
export function findingsKeys(prefix: string) {
  return {
    finding: (id: string) => `${prefix}finding:${id}`,
    fingerprint: (fingerprint: string) => `${prefix}fingerprint:${fingerprint}`,
    allFindings: `${prefix}findings:all`,
    byStatus: (status: string) => `${prefix}findings:status:${status}`,
    byDetector: (detector: string) => `${prefix}findings:detector:${detector}`,
    byPrincipal: (arn: string) => `${prefix}findings:principal:${arn}`,
    incident: (id: string) => `${prefix}incident:${id}`,
    currentIncident: (incidentKey: string) => `${prefix}incident-key:${incidentKey}`,
    allIncidents: `${prefix}incidents:all`,
    openIncidents: `${prefix}incidents:open`,
    mute: (detector: string, principalArn: string) => `${prefix}mute:${detector}:${principalArn}`,
  };
}

export type FindingsKeys = ReturnType<typeof findingsKeys>;
