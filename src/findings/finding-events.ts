/**
 * The events a finding cites, as short lines for "Show events": kept beside the finding when it is
 * detected (the detect job has the events then; later only their ids would be left).
 */
import type { Cluster, Redis } from 'ioredis';
import type { TrailEvent } from '../cloudtrail/event.js';
import { requireHashTag } from '../store/hash-tag.js';
import type { Finding } from './finding.js';
import { DEFAULT_FINDINGS_TTL_MS } from './findings-store.js';

/** One cited event, plain data; the Slack events list renders it. */
export interface FindingEvent {
  /** ISO eventTime. */
  time: string;
  eventName: string;
  eventSource: string;
  sourceIp: string;
  region: string;
  userAgent: string;
  errorCode?: string;
  eventId: string;
  accessKeyId?: string;
}

export interface FindingEventsStore {
  /** Remembers the events of `events` that each finding cites; idempotent (a retried job adds nothing). */
  record(findings: readonly Finding[], events: readonly TrailEvent[]): Promise<void>;
  /** Newest first, at most `limit`. */
  list(findingId: string, limit?: number): Promise<FindingEvent[]>;
}

/** Per finding, the newest this many events are kept: more than a Slack message shows. */
export const MAX_KEPT_EVENTS = 100;

export function findingEventOf(event: TrailEvent): FindingEvent {
  const line: FindingEvent = {
    time: event.eventTime,
    eventName: event.eventName,
    eventSource: event.eventSource,
    sourceIp: event.sourceIp,
    region: event.awsRegion,
    userAgent: event.userAgent,
    eventId: event.eventId,
  };
  if (event.errorCode) line.errorCode = event.errorCode;
  if (event.identity.accessKeyId) line.accessKeyId = event.identity.accessKeyId;
  return line;
}

export interface RedisFindingEventsOptions {
  redis: Redis | Cluster;
  /** Hash-tagged, e.g. `{trailwatch}:findings:`. */
  prefix: string;
  ttlMs?: number;
}

export function createRedisFindingEvents(options: RedisFindingEventsOptions): FindingEventsStore {
  const { redis, prefix } = options;
  requireHashTag(prefix, 'findings');
  const ttlMs = options.ttlMs ?? DEFAULT_FINDINGS_TTL_MS;
  const keyOf = (findingId: string) => `${prefix}events:${findingId}`;

  return {
    async record(findings, events) {
      const byId = new Map(events.map((event) => [event.eventId, event]));
      const pipeline = redis.pipeline();
      let writes = 0;
      for (const finding of findings) {
        const cited = finding.eventIds.flatMap((id) => byId.get(id) ?? []);
        if (cited.length === 0) continue;
        const key = keyOf(finding.id);
        // A sorted set by event time: the same event added twice is one member, and trimming keeps the newest.
        pipeline.zadd(key, ...cited.flatMap((event) => [event.time, JSON.stringify(findingEventOf(event))]));
        pipeline.zremrangebyrank(key, 0, -(MAX_KEPT_EVENTS + 1));
        pipeline.pexpire(key, ttlMs);
        writes += 1;
      }
      if (writes === 0) return;
      const replies = (await pipeline.exec()) ?? [];
      const failed = replies.find(([error]) => error !== null);
      if (failed?.[0]) throw failed[0];
    },
    async list(findingId, limit = MAX_KEPT_EVENTS) {
      const members = await redis.zrevrange(keyOf(findingId), 0, Math.max(0, limit - 1));
      return members.map((member) => JSON.parse(member) as FindingEvent);
    },
  };
}
