/** The remediation audit log: an append-only Redis stream of who asked, approved, denied and ran what. */
import type { Cluster, Redis } from 'ioredis';
import { TrailwatchError } from '../errors.js';
import { requireHashTag } from '../store/hash-tag.js';

export const DEFAULT_AUDIT_PREFIX = '{trailwatch}:remediation:';
/** XADD … MAXLEN ~ this: Redis trims whole stream nodes, so the stream may hold ~100 entries more. */
export const DEFAULT_AUDIT_MAX_LEN = 10_000;
export const DEFAULT_AUDIT_LIST = 20;
const MAX_SUMMARY_CHARS = 300;
const MAX_DETAIL_CHARS = 1_000;

export const AUDIT_TYPES = [
  'requested',
  'approved',
  'denied',
  'expired',
  'executing',
  'succeeded',
  'failed',
  'refused',
] as const;
export type AuditType = (typeof AUDIT_TYPES)[number];

/** One line of the record. Ids and words only: never a credential, token or raw event. */
export interface AuditEntry {
  /** ISO time of the event. */
  at: string;
  type: AuditType;
  requestId: string;
  /** A user id (Slack), or `trailwatch` for what the bot did by itself (expiry, execution). */
  actor: string;
  summary: string;
  detail?: string;
}

export interface StoredAuditEntry extends AuditEntry {
  /** The stream entry id (`<ms>-<seq>`), in append order. */
  id: string;
}

export interface AuditLog {
  /** Answers the new entry's id. */
  append(entry: AuditEntry): Promise<string>;
  /** The newest `count` entries (default DEFAULT_AUDIT_LIST), newest first. */
  list(count?: number): Promise<StoredAuditEntry[]>;
}

export interface RedisAuditLogOptions {
  /** The caller owns the client and closes it. */
  redis: Redis | Cluster;
  /** Must carry a hash tag; the stream is `<prefix>audit`. */
  prefix?: string;
  maxLen?: number;
}

const clip = (text: string, max: number) => {
  const line = text.replace(/\s+/g, ' ').trim();
  return line.length > max ? `${line.slice(0, max - 1)}…` : line;
};

function checkEntry(entry: AuditEntry): void {
  if (!AUDIT_TYPES.includes(entry.type) || Number.isNaN(Date.parse(entry.at)) || !entry.requestId) {
    throw new TrailwatchError(
      'audit_entry_invalid',
      `audit entry needs a known type, an ISO time and a request id (got type ${String(entry.type)})`,
    );
  }
}

/** Stream fields, flattened as XADD takes them; optional fields are left out rather than stored empty. */
function toFields(entry: AuditEntry): string[] {
  const fields = ['at', entry.at, 'type', entry.type, 'requestId', entry.requestId, 'actor', entry.actor];
  fields.push('summary', clip(entry.summary, MAX_SUMMARY_CHARS));
  if (entry.detail) fields.push('detail', clip(entry.detail, MAX_DETAIL_CHARS));
  return fields;
}

function fromFields(id: string, flat: string[]): StoredAuditEntry {
  const map = new Map<string, string>();
  for (let i = 0; i + 1 < flat.length; i += 2) map.set(flat[i] as string, flat[i + 1] as string);
  const entry: StoredAuditEntry = {
    id,
    at: map.get('at') ?? '',
    type: (map.get('type') ?? 'refused') as AuditType,
    requestId: map.get('requestId') ?? '',
    actor: map.get('actor') ?? '',
    summary: map.get('summary') ?? '',
  };
  const detail = map.get('detail');
  if (detail) entry.detail = detail;
  return entry;
}

export function createRedisAuditLog(options: RedisAuditLogOptions): AuditLog {
  const { redis } = options;
  const prefix = options.prefix ?? DEFAULT_AUDIT_PREFIX;
  requireHashTag(prefix, 'audit');
  const maxLen = options.maxLen ?? DEFAULT_AUDIT_MAX_LEN;
  if (!Number.isInteger(maxLen) || maxLen < 1) {
    throw new TrailwatchError('audit_options_invalid', 'audit log maxLen must be a positive whole number');
  }
  const key = `${prefix}audit`;
  return {
    async append(entry) {
      checkEntry(entry);
      const id = await redis.xadd(key, 'MAXLEN', '~', String(maxLen), '*', ...toFields(entry));
      if (id === null) throw new TrailwatchError('audit_write_failed', 'XADD answered no entry id');
      return id;
    },
    async list(count = DEFAULT_AUDIT_LIST) {
      if (count <= 0) return [];
      const rows = await redis.xrevrange(key, '+', '-', 'COUNT', Math.floor(count));
      return rows.map(([id, flat]) => fromFields(id, flat));
    },
  };
}
