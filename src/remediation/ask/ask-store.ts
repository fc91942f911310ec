/**
 * Asks in Redis, one hash per ask under a hash-tagged prefix. Create, answer and escalate are each one Lua
 * script: a double click, two clicks at once or a click racing the timeout settle on exactly one outcome.
 */
import { createHash } from 'node:crypto';
import { TrailwatchError } from '../../errors.js';
import { requireHashTag } from '../../store/hash-tag.js';
import type { RedisClient } from '../../store/redis-connection.js';
import type { Ask, AskAnswer, AskStatus } from './ask.js';

export const DEFAULT_ASK_PREFIX = '{trailwatch}:ask:';
// Kept as long as the incident's evidence: LookupEvents reaches back 90 days.
export const DEFAULT_ASK_TTL_MS = 90 * 24 * 3_600_000;

export type AnswerRefusal = 'not_found' | 'not_asked' | 'already_answered';

export type StoreAnswerResult = { ok: true; ask: Ask } | { ok: false; code: AnswerRefusal; ask?: Ask };

export interface AskStore {
  /** Stores a new pending ask; an ask with the same id (same incident and person) is answered as stored. */
  create(ask: Ask): Promise<{ created: boolean; ask: Ask }>;
  get(id: string): Promise<Ask | undefined>;
  /** Only the asked person, only once: pending or escalated → answered. */
  answer(id: string, answer: AskAnswer): Promise<StoreAnswerResult>;
  /** pending → escalated; anything else is left as it is (`escalated: false`). */
  escalate(id: string, at: string): Promise<{ escalated: boolean; ask?: Ask }>;
  setMessage(id: string, message: { channel: string; ts: string }): Promise<void>;
}

/** One ask per (incident, person): the id is derived from both, so the dedupe is the record itself. */
export function askIdFor(incidentId: string, person: string): string {
  return `ask-${createHash('sha256').update(`${incidentId}\n${person}`).digest('hex').slice(0, 24)}`;
}

const CREATE = `
if redis.call('EXISTS', KEYS[1]) == 1 then return 0 end
redis.call('HSET', KEYS[1], 'data', ARGV[1], 'person', ARGV[2], 'status', 'pending')
redis.call('PEXPIRE', KEYS[1], ARGV[3])
return 1`;

const ANSWER = `
local status = redis.call('HGET', KEYS[1], 'status')
if not status then return 'not_found' end
if redis.call('HGET', KEYS[1], 'person') ~= ARGV[1] then return 'not_asked' end
if status == 'answered' then return 'already_answered' end
redis.call('HSET', KEYS[1], 'status', 'answered', 'answer', ARGV[2])
redis.call('PEXPIRE', KEYS[1], ARGV[3])
return 'ok'`;

const ESCALATE = `
local status = redis.call('HGET', KEYS[1], 'status')
if status ~= 'pending' then return 0 end
redis.call('HSET', KEYS[1], 'status', 'escalated', 'escalatedAt', ARGV[1])
return 1`;

const SET_MESSAGE = `
if redis.call('EXISTS', KEYS[1]) == 0 then return 0 end
redis.call('HSET', KEYS[1], 'message', ARGV[1])
return 1`;

export interface RedisAskStoreOptions {
  redis: RedisClient;
  /** Must carry a hash tag. Default DEFAULT_ASK_PREFIX. */
  prefix?: string;
  ttlMs?: number;
}

type StaticPart = Omit<Ask, 'status' | 'answer' | 'escalatedAt' | 'message'>;

function parse(hash: Record<string, string>): Ask | undefined {
  if (!hash.data || !hash.status) return undefined;
  const ask: Ask = { ...(JSON.parse(hash.data) as StaticPart), status: hash.status as AskStatus };
  if (hash.answer) ask.answer = JSON.parse(hash.answer) as AskAnswer;
  if (hash.escalatedAt) ask.escalatedAt = hash.escalatedAt;
  if (hash.message) ask.message = JSON.parse(hash.message) as Ask['message'];
  return ask;
}

export function createRedisAskStore(options: RedisAskStoreOptions): AskStore {
  const prefix = options.prefix ?? DEFAULT_ASK_PREFIX;
  requireHashTag(prefix, 'ask');
  const ttl = String(options.ttlMs ?? DEFAULT_ASK_TTL_MS);
  const { redis } = options;
  const key = (id: string) => `${prefix}${id}`;

  async function get(id: string): Promise<Ask | undefined> {
    return parse(await redis.hgetall(key(id)));
  }

  async function mustGet(id: string): Promise<Ask> {
    const ask = await get(id);
    // Only a TTL expiry between the script and this read can get here.
    if (!ask) throw new TrailwatchError('ask_missing', `ask ${id} vanished while it was being changed`);
    return ask;
  }

  return {
    get,
    async create(ask) {
      const { status: _s, answer: _a, escalatedAt: _e, message: _m, ...data } = ask;
      const created = await redis.eval(CREATE, 1, key(ask.id), JSON.stringify(data), ask.person, ttl);
      return { created: created === 1, ask: await mustGet(ask.id) };
    },
    async answer(id, answer) {
      const code = String(await redis.eval(ANSWER, 1, key(id), answer.by, JSON.stringify(answer), ttl));
      if (code === 'ok') return { ok: true, ask: await mustGet(id) };
      const ask = code === 'not_found' ? undefined : await get(id);
      return { ok: false, code: code as AnswerRefusal, ...(ask ? { ask } : {}) };
    },
    async escalate(id, at) {
      const escalated = (await redis.eval(ESCALATE, 1, key(id), at)) === 1;
      const ask = await get(id);
      return { escalated, ...(ask ? { ask } : {}) };
    },
    async setMessage(id, message) {
      await redis.eval(SET_MESSAGE, 1, key(id), JSON.stringify(message));
    },
  };
}
