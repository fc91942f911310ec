/**
 * Which long-term access key an event's caller descends from: a session the key issued (GetSessionToken,
 * GetFederationToken, AssumeRole with the key, and sessions made from those), or a role whose trust the key
 * changed and that a caller from another account then assumed. One stolen key's story is one incident.
 */
import type { StateEntry, StateStore } from '../store/state-store.js';
import type { TrailEvent } from './event.js';
import { paramString, response } from './fields.js';

/** GetSessionToken and GetFederationToken sessions last at most 36 h; a link is kept as long. */
export const LINEAGE_TTL_MS = 36 * 3_600_000;
const SESSION_PREFIX = 'l:k:';
const ROLE_PREFIX = 'l:r:';

const ASSUME_ROLE = new Set(['AssumeRole', 'AssumeRoleWithSAML', 'AssumeRoleWithWebIdentity']);
/** Calls that set who may assume a role. */
const TRUST_CHANGES = new Set(['UpdateAssumeRolePolicy', 'CreateRole']);

/** `<account>:<role name>`: a role's name is unique in its account, whatever its path. */
function roleOf(account: string, roleArnOrName: string): string {
  return `${account}:${roleArnOrName.slice(roleArnOrName.lastIndexOf('/') + 1)}`;
}

/** The role an AssumeRole call from another account asked for, as `<account>:<name>`. */
function roleAssumedFromOutside(event: TrailEvent): string | undefined {
  if (event.service !== 'sts' || !ASSUME_ROLE.has(event.eventName)) return undefined;
  const roleArn = paramString(event, 'roleArn');
  const roleAccount = roleArn?.split(':')[4];
  if (!roleArn || !roleAccount || roleAccount === event.identity.accountId) return undefined;
  return roleOf(roleAccount, roleArn);
}

/** The role whose trust a successful call set, as `<account>:<name>`. */
function roleTrustSet(event: TrailEvent): string | undefined {
  if (event.failed || event.service !== 'iam' || !TRUST_CHANGES.has(event.eventName)) return undefined;
  const name = paramString(event, 'roleName');
  return name ? roleOf(event.recipientAccountId, name) : undefined;
}

/** The access key of the temporary credentials a call handed out. */
function issuedKeyOf(event: TrailEvent): string | undefined {
  if (event.failed) return undefined;
  const issued = response(event, 'credentials.accessKeyId');
  return typeof issued === 'string' && issued ? issued : undefined;
}

/** The state keys an event's lineage is read from. */
function lookupKeys(event: TrailEvent): string[] {
  const keys: string[] = [];
  if (event.identity.accessKeyId) keys.push(SESSION_PREFIX + event.identity.accessKeyId);
  const role = roleAssumedFromOutside(event);
  if (role) keys.push(ROLE_PREFIX + role);
  return keys;
}

export interface KeyLineage {
  /** One read for the links a batch of events may need. */
  load(events: readonly TrailEvent[]): Promise<void>;
  /** The long-term key the caller descends from, when it is not the caller's own key. */
  sourceOf(event: TrailEvent): string | undefined;
  /** Remembers the sessions an event issued and the role trust it set, for the events after it. */
  learn(event: TrailEvent): void;
  /** The new links as writes, for a caller that commits them with other writes; empties the cache. */
  drain(): StateEntry<unknown>[];
}

export function createKeyLineage(store: StateStore<unknown>): KeyLineage {
  const cache = new Map<string, string>();
  const dirty = new Set<string>();

  function sourceOf(event: TrailEvent): string | undefined {
    const key = event.identity.accessKeyId;
    const fromKey = key ? cache.get(SESSION_PREFIX + key) : undefined;
    if (fromKey) return fromKey;
    const role = roleAssumedFromOutside(event);
    return role ? cache.get(ROLE_PREFIX + role) : undefined;
  }

  function link(stateKey: string, source: string): void {
    cache.set(stateKey, source);
    dirty.add(stateKey);
  }

  return {
    async load(events) {
      const wanted = [...new Set(events.flatMap(lookupKeys))].filter((key) => !cache.has(key));
      if (wanted.length === 0) return;
      const values = await store.getMany(wanted);
      wanted.forEach((key, index) => {
        const value = values[index];
        if (typeof value === 'string') cache.set(key, value);
      });
    },
    sourceOf,
    learn(event) {
      const source = sourceOf(event) ?? event.identity.accessKeyId;
      if (!source) return;
      const issued = issuedKeyOf(event);
      if (issued && issued !== source) link(SESSION_PREFIX + issued, source);
      const role = roleTrustSet(event);
      if (role) link(ROLE_PREFIX + role, source);
    },
    drain() {
      const entries = [...dirty].map((key) => ({ key, value: cache.get(key), ttlMs: LINEAGE_TTL_MS }));
      dirty.clear();
      cache.clear();
      return entries;
    },
  };
}
