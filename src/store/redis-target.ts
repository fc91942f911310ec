/**
 * What `redis.url` names: one Redis, a primary found through Sentinels, or a Cluster's seed nodes.
 *
 *   redis://[[user]:password@]host:6379[/db]                 one Redis (rediss:// for TLS)
 *   redis-sentinel://[[user]:password@]host:26379,host:26379/PRIMARY_NAME[/db][?sentinelPassword=…]
 *   redis-cluster://[[user]:password@]host:6379,host:6379    seed nodes; the client learns the rest
 *
 * rediss-sentinel:// and rediss-cluster:// use TLS to every node. A list of hosts is no WHATWG URL, so the
 * multi-host forms are parsed here; errors never echo the URL, which may hold a password.
 */
import { TrailwatchError } from '../errors.js';

export interface RedisNode {
  host: string;
  port: number;
}

export interface RedisAuth {
  username?: string;
  password?: string;
}

export type RedisTarget =
  | { kind: 'single'; url: string; tls: boolean }
  | {
      kind: 'sentinel';
      tls: boolean;
      sentinels: RedisNode[];
      /** The primary's name in the Sentinels' configuration (`sentinel monitor NAME …`). */
      name: string;
      db: number;
      /** For the primary and replicas. */
      auth: RedisAuth;
      /** For the Sentinels themselves, which often have no password, or one of their own. */
      sentinelAuth: RedisAuth;
    }
  | { kind: 'cluster'; tls: boolean; nodes: RedisNode[]; auth: RedisAuth };

const SENTINEL_PORT = 26379;
const REDIS_PORT = 6379;
const MULTI_HOST = /^(rediss?)-(sentinel|cluster):\/\/(?:([^@/?#]*)@)?([^/?#]*)(\/[^?#]*)?(?:\?([^#]*))?$/;
const SENTINEL_PARAMS = new Set(['sentinelUsername', 'sentinelPassword']);

export const REDIS_URL_FORMS =
  'redis://host:6379, rediss://…, redis-sentinel://host:26379,host:26379/PRIMARY_NAME or redis-cluster://host:6379,host:6379';

/** Parses `redis.url`; throws TrailwatchError redis_url_invalid saying what is wrong, never the URL. */
export function parseRedisUrl(url: string): RedisTarget {
  const multi = MULTI_HOST.exec(url);
  if (!multi) {
    parseSingle(url);
    return { kind: 'single', url, tls: url.startsWith('rediss:') };
  }
  const [, scheme, kind, userinfo, hosts = '', path = '', query = ''] = multi;
  const tls = scheme === 'rediss';
  const auth = parseUserinfo(userinfo);
  const params = new URLSearchParams(query);
  if (kind === 'cluster') {
    if (path !== '' && path !== '/') {
      throw invalid('a Redis Cluster has only database 0: give no /path after the seed nodes');
    }
    if (query !== '') throw invalid('redis-cluster:// takes no query parameters');
    return { kind: 'cluster', tls, nodes: parseHosts(hosts, REDIS_PORT), auth };
  }
  const [name, db, ...rest] = path.split('/').slice(1).map(decodeURIComponent);
  if (!name || rest.length > 0) {
    throw invalid(
      'redis-sentinel:// needs the primary name as its path: redis-sentinel://host:26379/mymaster',
    );
  }
  for (const key of params.keys()) {
    if (!SENTINEL_PARAMS.has(key))
      throw invalid(`unknown parameter ${key} (known: ${[...SENTINEL_PARAMS].join(', ')})`);
  }
  const sentinelAuth = definedOnly({
    username: params.get('sentinelUsername') ?? undefined,
    password: params.get('sentinelPassword') ?? undefined,
  });
  return {
    kind: 'sentinel',
    tls,
    sentinels: parseHosts(hosts, SENTINEL_PORT),
    name,
    db: parseDb(db),
    auth,
    sentinelAuth,
  };
}

/** The URL with its password (and query string, which may carry one) replaced, fit for logs and errors. */
export function redactRedisUrl(url: string): string {
  const multi = MULTI_HOST.exec(url);
  if (!multi) {
    const parsed = parseSingle(url);
    if (parsed.password) parsed.password = '***';
    parsed.search = '';
    return parsed.toString();
  }
  parseRedisUrl(url);
  const [, scheme, kind, userinfo, hosts, path = ''] = multi;
  const user =
    userinfo === undefined ? '' : `${userinfo.split(':')[0]}${userinfo.includes(':') ? ':***' : ''}@`;
  return `${scheme}-${kind}://${user}${hosts}${path}`;
}

function parseSingle(url: string): URL {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw invalid();
  }
  if (parsed.protocol !== 'redis:' && parsed.protocol !== 'rediss:') throw invalid();
  return parsed;
}

function parseHosts(hosts: string, defaultPort: number): RedisNode[] {
  if (hosts === '') throw invalid('list at least one host:port');
  return hosts.split(',').map((entry) => {
    // [v6::addr]:port, host:port or host alone.
    const match = /^(\[[^\]]+\]|[^:[\]]+)(?::(\d{1,5}))?$/.exec(entry.trim());
    const port = Number(match?.[2] ?? defaultPort);
    if (!match?.[1] || port < 1 || port > 65535) throw invalid(`each node must be host:port, not "${entry}"`);
    return { host: match[1].replace(/^\[|\]$/g, ''), port };
  });
}

function parseUserinfo(userinfo: string | undefined): RedisAuth {
  if (userinfo === undefined) return {};
  const colon = userinfo.indexOf(':');
  const username = decodeURIComponent(colon === -1 ? userinfo : userinfo.slice(0, colon));
  const password = colon === -1 ? undefined : decodeURIComponent(userinfo.slice(colon + 1));
  return definedOnly({ username: username || undefined, password: password || undefined });
}

function parseDb(db: string | undefined): number {
  if (db === undefined || db === '') return 0;
  if (!/^\d{1,2}$/.test(db)) throw invalid('the database after the primary name must be a number');
  return Number(db);
}

function definedOnly(auth: RedisAuth): RedisAuth {
  return Object.fromEntries(Object.entries(auth).filter(([, value]) => value !== undefined));
}

function invalid(why?: string): TrailwatchError {
  return new TrailwatchError(
    'redis_url_invalid',
    // Said after the key's name ("redis.url: …") by the config loader.
    why ?? `must look like ${REDIS_URL_FORMS}`,
  );
}
