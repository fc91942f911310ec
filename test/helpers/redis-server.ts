/** A Redis for integration tests: REDIS_URL when set (shared, never flushed), else a private redis-server. */

import { type ChildProcess, spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { connect, createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

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

const READY_TIMEOUT_MS = 10_000;
const STOP_TIMEOUT_MS = 5_000;
const PORT_ATTEMPTS = 3;

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
  const answer = await command(port, 'INCR trailwatch-test:databases-claimed');
  const database = Number(/^:(\d+)/.exec(answer)?.[1]);
  if (!(database > 0)) throw new Error(`the run's Redis on port ${port} answered INCR with ${answer}`);
  if (database >= RUN_REDIS_DATABASES) {
    throw new Error(`the run's Redis has only ${RUN_REDIS_DATABASES} databases: raise RUN_REDIS_DATABASES`);
  }
  return database;
}

/** One private redis-server (or, with --sentinel, a Sentinel) that a topology helper controls. */
export interface RedisProcess {
  port: number;
  /** Its working directory: where a Sentinel's config file lives. */
  dir: string;
  /** Kills it at once, as a crash would (no save, no goodbye to replicas or clients). */
  crash(): Promise<void>;
  stop(): Promise<void>;
}

/**
 * Starts redis-server on a free port with `args` after the defaults (no persistence, 127.0.0.1 only).
 * `configFile(port, dir)`, when given, writes a config file that is passed first (Sentinel needs one).
 */
export async function startRedisProcess(
  args: string[] = [],
  options: { configFile?: (port: number, dir: string) => Promise<string> } = {},
): Promise<RedisProcess> {
  const dir = await mkdtemp(join(tmpdir(), 'trailwatch-redis-'));
  // Another process can take the free port between our probe and redis-server's bind: try again.
  for (let attempt = 1; ; attempt += 1) {
    const port = await freePort();
    const file = await options.configFile?.(port, dir);
    const child = spawnRedis(port, dir, args, file);
    try {
      await waitUntilReady(child, port);
    } catch (error) {
      await kill(child);
      if (attempt < PORT_ATTEMPTS && /Address already in use/i.test(String(error))) continue;
      await rm(dir, { recursive: true, force: true });
      throw error;
    }
    // If the test process dies without calling stop(), don't leave a server behind.
    const killOnExit = () => child.kill('SIGKILL');
    process.once('exit', killOnExit);
    return {
      port,
      dir,
      async crash() {
        await kill(child, 'SIGKILL');
      },
      async stop() {
        process.off('exit', killOnExit);
        await kill(child);
        await rm(dir, { recursive: true, force: true });
      },
    };
  }
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
    halt: () => kill(child),
    async resume() {
      child = spawnRedis(port, dir, durable, undefined);
      await waitUntilReady(child, port);
    },
    async stop() {
      process.off('exit', killOnExit);
      await kill(child);
      await rm(dir, { recursive: true, force: true });
    },
  };
}

function spawnRedis(
  port: number,
  dir: string,
  extra: string[],
  configFile: string | undefined,
): ChildProcess & { output: string } {
  const args = [
    ...(configFile ? [configFile] : []),
    '--port',
    String(port),
    '--bind',
    '127.0.0.1',
    '--save',
    '',
    '--appendonly',
    'no',
    '--dir',
    dir,
    ...extra,
  ];
  const child = spawn('redis-server', args, { stdio: ['ignore', 'pipe', 'pipe'] }) as ChildProcess & {
    output: string;
  };
  child.output = '';
  const keep = (chunk: Buffer) => {
    child.output = (child.output + chunk.toString()).slice(-4_000);
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  return child;
}

async function waitUntilReady(child: ChildProcess & { output: string }, port: number): Promise<void> {
  const failed = new Promise<never>((_, reject) => {
    child.once('error', (error: NodeJS.ErrnoException) => {
      reject(
        error.code === 'ENOENT'
          ? new Error(
              'redis-server is not installed: run `apt-get install -y redis-server`, or set REDIS_URL to a ' +
                'Redis the tests may use (they only touch keys under their own unique prefix)',
            )
          : error,
      );
    });
    child.once('exit', (code, signal) => {
      reject(new Error(`redis-server exited (${signal ?? code}) before answering PING:\n${child.output}`));
    });
  });
  failed.catch(() => {}); // observed below; this only stops an unhandled rejection after success
  const deadline = Date.now() + READY_TIMEOUT_MS;
  while (Date.now() < deadline) {
    const answered = await Promise.race([ping(port), failed]);
    if (answered) return;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`redis-server on port ${port} did not answer PING within ${READY_TIMEOUT_MS} ms`);
}

/** One PING over a raw socket: true on +PONG, false on anything else (not listening yet, loading). */
async function ping(port: number): Promise<boolean> {
  // -NOAUTH: up, and asking for the password a test gave it.
  return /^(\+PONG|-NOAUTH)/.test(await command(port, 'PING').catch(() => ''));
}

/** One inline command over a raw socket: Redis's first answer line, or a rejection when none comes. */
function command(port: number, line: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = connect({ host: '127.0.0.1', port });
    socket.setTimeout(1_000, () => {
      socket.destroy();
      reject(new Error(`no answer to ${line.split(' ')[0]} from 127.0.0.1:${port}`));
    });
    socket.once('error', (error) => {
      socket.destroy();
      reject(error);
    });
    socket.once('connect', () => socket.write(`${line}\r\n`));
    socket.once('data', (data) => {
      socket.destroy();
      resolve(data.toString());
    });
  });
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => (port ? resolve(port) : reject(new Error('no free port'))));
    });
  });
}

async function kill(child: ChildProcess, signal: NodeJS.Signals = 'SIGTERM'): Promise<void> {
  // No pid: it never started (ENOENT), and 'exit' may never come.
  if (child.pid === undefined || child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill(signal);
  const timer = setTimeout(() => child.kill('SIGKILL'), STOP_TIMEOUT_MS);
  await exited;
  clearTimeout(timer);
}

/**
 * A key prefix no other test, or other run on a shared REDIS_URL, uses: its own Cluster hash tag,
 * then `suffix` (e.g. ":state:").
 */
export function uniquePrefix(suffix = ''): string {
  return `{trailwatch-test-${randomUUID()}}${suffix}`;
}
