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
  // Links by access key id and by `<account>:<role>`, as events carry them; the state key's prefix is added
  // only to read and write: a prefixed string built per event to look one up was a scan's garbage.
  const links = { [SESSION_PREFIX]: new Map<string, string>(), [ROLE_PREFIX]: new Map<string, string>() };
  const sessions = links[SESSION_PREFIX];
  const roles = links[ROLE_PREFIX];
  const dirty = new Set<string>();

  function sourceOf(event: TrailEvent): string | undefined {
    const key = event.identity.accessKeyId;
    const fromKey = key ? sessions.get(key) : undefined;
    if (fromKey) return fromKey;
    const role = roleAssumedFromOutside(event);
    return role ? roles.get(role) : undefined;
  }

  /** The links of a state key's kind, and what it links from. */
  function parse(stateKey: string): [Map<string, string>, string] {
    const prefix = stateKey.startsWith(SESSION_PREFIX) ? SESSION_PREFIX : ROLE_PREFIX;
    return [links[prefix], stateKey.slice(prefix.length)];
  }

  function link(prefix: keyof typeof links, from: string, source: string): void {
    links[prefix].set(from, source);
    dirty.add(prefix + from);
  }

  return {
    async load(events) {
      const wanted = new Set<string>();
      // Each key once: most have no link, so are not cached, and a batch names a key many times.
      const asked = new Set<string>();
      for (const event of events) {
        const key = event.identity.accessKeyId;
        if (key && !sessions.has(key) && !asked.has(key)) {
          asked.add(key);
          wanted.add(SESSION_PREFIX + key);
        }
        const role = roleAssumedFromOutside(event);
        if (role && !roles.has(role)) wanted.add(ROLE_PREFIX + role);
      }
      if (wanted.size === 0) return;
      const list = [...wanted];
      const values = await store.getMany(list);
      for (let index = 0; index < list.length; index += 1) {
        const value = values[index];
        if (typeof value !== 'string') continue;
        const [map, from] = parse(list[index] as string);
        map.set(from, value);
      }
    },
    sourceOf,
    learn(event) {
      const source = sourceOf(event) ?? event.identity.accessKeyId;
      if (!source) return;
      const issued = issuedKeyOf(event);
      if (issued && issued !== source) link(SESSION_PREFIX, issued, source);
      const role = roleTrustSet(event);
      if (role) link(ROLE_PREFIX, role, source);
    },
    drain() {
      const entries = [...dirty].map((key) => {
        const [map, from] = parse(key);
        return { key, value: map.get(from), ttlMs: LINEAGE_TTL_MS };
      });
      dirty.clear();
      sessions.clear();
      roles.clear();
      return entries;
    },
  };
}
