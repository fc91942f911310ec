/** A Redis for integration tests: REDIS_URL when set (shared, never flushed), else a private redis-server. */

import { randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  freePort,
  redisCommand,
  spawnRedis,
  startRedisProcess,
  stopRedisChild,
  waitUntilReady,
} from '../../src/stand-ins/redis-process.js';

export { type RedisProcess, startRedisProcess } from '../../src/stand-ins/redis-process.js';

export interface TestRedis {
  url: string;
  /**
   * True when this harness started the server: only then may a test read server-wide stats (INFO) or
   * change its config. With REDIS_URL the server is shared: use a unique key prefix, never FLUSHALL/FLUSHDB.
   */
  owned: boolean;
  stop(): Promise<void>;
}

/** A private Redis the fault tests stop and start again on the same port, its data kept on disk. */
export interface RestartableRedis extends TestRedis {
  /** Shuts the server down (it writes its append-only file first); clients see ECONNREFUSED. */
  halt(): Promise<void>;
  /** Starts it again on the same port and directory, with the data it had; resolves once it answers. */
  resume(): Promise<void>;
}

/**
 * The run's Redis (test/helpers/shared-redis.ts starts one for the whole vitest run), where this caller
 * gets a database of its own; else REDIS_URL; else a private server. Neither shared form is `owned`.
 */
export async function startRedis(): Promise<TestRedis> {
  const shared = process.env.REDIS_URL;
  if (shared) return { url: shared, owned: false, stop: async () => {} };
  const run = process.env[RUN_REDIS_ENV];
  if (run) return { url: `${run}/${await claimDatabase(run)}`, owned: false, stop: async () => {} };
  return startPrivateRedis();
}

/** Always a private redis-server: for tests that read server-wide stats (INFO) or change its config. */
export async function startPrivateRedis(): Promise<TestRedis> {
  const server = await startRedisProcess();
  return { url: `redis://127.0.0.1:${server.port}`, owned: true, stop: () => server.stop() };
}

/** Where the run's Redis listens (redis://127.0.0.1:PORT), set by the global setup for the workers. */
export const RUN_REDIS_ENV = 'TRAILWATCH_TEST_RUN_REDIS';
/** Databases on the run's Redis: one per startRedis() call in a run (database 0 holds the counter). */
export const RUN_REDIS_DATABASES = 4_096;

/**
 * A database number no other caller in this run has had: INCR of a counter in database 0, so each test
 * file's keys (BullMQ's fixed queue names included) are apart from every other file's.
 */
async function claimDatabase(url: string): Promise<number> {
  const port = Number(new URL(url).port);
  const answer = await redisCommand(port, 'INCR trailwatch-test:databases-claimed');
  const database = Number(/^:(\d+)/.exec(answer)?.[1]);
  if (!(database > 0)) throw new Error(`the run's Redis on port ${port} answered INCR with ${answer}`);
  if (database >= RUN_REDIS_DATABASES) {
    throw new Error(`the run's Redis has only ${RUN_REDIS_DATABASES} databases: raise RUN_REDIS_DATABASES`);
  }
  return database;
}

/**
 * Always private (never REDIS_URL: a shared server is not ours to stop). Append-only with fsync on
 * every write, as a production Redis holding queues would run, so a restart loses nothing.
 */
export async function startRestartableRedis(): Promise<RestartableRedis> {
  const dir = await mkdtemp(join(tmpdir(), 'trailwatch-redis-'));
  const port = await freePort();
  const durable = ['--appendonly', 'yes', '--appendfsync', 'always'];
  let child = spawnRedis(port, dir, durable, undefined);
  await waitUntilReady(child, port);
  const killOnExit = () => child.kill('SIGKILL');
  process.on('exit', killOnExit);
  return {
    url: `redis://127.0.0.1:${port}`,
    owned: true,
    halt: () => stopRedisChild(child),
    async resume() {
      child = spawnRedis(port, dir, durable, undefined);
      await waitUntilReady(child, port);
    },
    async stop() {
      process.off('exit', killOnExit);
      await stopRedisChild(child);
      await rm(dir, { recursive: true, force: true });
    },
  };
}

/**
 * A key prefix no other test, or other run on a shared REDIS_URL, uses: its own Cluster hash tag,
 * then `suffix` (e.g. ":state:").
 */
export function uniquePrefix(suffix = ''): string {
  return `{trailwatch-test-${randomUUID()}}${suffix}`;
}
