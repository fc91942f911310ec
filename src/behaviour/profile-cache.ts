/** Loads the profiles a batch of events needs in one read, and writes the changed ones in one write. */
import { boundedMemo } from '../bounded-memo.js';
import type { TrailEvent } from '../cloudtrail/event.js';
import { paramString } from '../cloudtrail/fields.js';
import type { StateEntry, StateStore } from '../store/state-store.js';
import { isAssumeRole } from './learn.js';
import {
  type AccountProfile,
  type ActorProfile,
  newAccountProfile,
  newActorProfile,
  newRoleProfile,
  PROFILE_VERSION,
  type RoleProfile,
} from './profiles.js';

/** Profiles untouched this long are forgotten (Redis expiry; the memory store the same). */
export const PROFILE_TTL_MS = 90 * 24 * 3_600_000;

export interface EventProfileKeys {
  principal: string;
  key?: string;
  role?: string;
  account: string;
}

type KeyPrefix = 'p:' | 'k:' | 'r:' | 'a:';

// Each state key built once per principal, key, role and account, not per event: a string built per
// event was flattened and hashed afresh at the cache's every lookup, and was a share of a scan's garbage.
const MAX_NAMED = 20_000;
const named = (prefix: KeyPrefix) => boundedMemo((id) => prefix + id, MAX_NAMED);
const stateKeys: Record<KeyPrefix, (id: string) => string> = {
  'p:': named('p:'),
  'k:': named('k:'),
  'r:': named('r:'),
  'a:': named('a:'),
};

function stateKey(prefix: KeyPrefix, id: string): string {
  return stateKeys[prefix](id);
}

export function profileKeys(event: TrailEvent): EventProfileKeys {
  const keys: EventProfileKeys = {
    principal: stateKey('p:', event.identity.arn),
    account: stateKey('a:', event.recipientAccountId),
  };
  // Temporary (ASIA) keys live for hours: their principal's profile is the history that matters.
  if (event.identity.keyKind === 'long-term' && event.identity.accessKeyId)
    keys.key = stateKey('k:', event.identity.accessKeyId);
  if (isAssumeRole(event)) {
    const roleArn = paramString(event, 'roleArn');
    if (roleArn) keys.role = stateKey('r:', roleArn);
  }
  return keys;
}

export function createProfileCache(store: StateStore<unknown>, ttlMs = PROFILE_TTL_MS) {
  const cache = new Map<string, unknown>();
  const dirty = new Set<string>();

  // Takes the constructor and its argument rather than a closure: three closures an event were garbage.
  function get<T extends { v: number }>(key: string, create: (time: number) => T, time: number): T {
    dirty.add(key);
    const found = cache.get(key) as T | undefined;
    // A profile from another version is started afresh rather than misread.
    if (found && found.v === PROFILE_VERSION) return found;
    const fresh = create(time);
    cache.set(key, fresh);
    return fresh;
  }

  function drain(): StateEntry<unknown>[] {
    const entries = [...dirty].map((key) => ({ key, value: cache.get(key), ttlMs }));
    dirty.clear();
    cache.clear();
    return entries;
  }

  return {
    /** One read for every profile the batch needs that is not cached yet. */
    async load(batch: readonly EventProfileKeys[]): Promise<void> {
      const wanted = new Set<string>();
      for (const keys of batch) {
        if (!cache.has(keys.principal)) wanted.add(keys.principal);
        if (keys.key !== undefined && !cache.has(keys.key)) wanted.add(keys.key);
        if (keys.role !== undefined && !cache.has(keys.role)) wanted.add(keys.role);
        if (!cache.has(keys.account)) wanted.add(keys.account);
      }
      if (wanted.size === 0) return;
      const list = [...wanted];
      const values = await store.getMany(list);
      for (let index = 0; index < list.length; index += 1) {
        const value = values[index];
        if (value !== undefined) cache.set(list[index] as string, value);
      }
    },
    peek<T>(key: string | undefined): T | undefined {
      if (!key) return undefined;
      const found = cache.get(key) as { v?: number } | undefined;
      return found && found.v === PROFILE_VERSION ? (found as T) : undefined;
    },
    actor(key: string, time: number): ActorProfile {
      return get(key, newActorProfile, time);
    },
    role(key: string, time: number): RoleProfile {
      return get(key, newRoleProfile, time);
    },
    account(key: string, time: number): AccountProfile {
      return get(key, newAccountProfile, time);
    },
    /** The changed profiles as writes, for a caller that commits them with other writes; empties the cache. */
    drain,
    /** One write for every changed profile; then the cache is emptied so memory stays flat. */
    async persist(): Promise<void> {
      const entries = drain();
      if (entries.length > 0) await store.setMany(entries);
    },
  };
}
