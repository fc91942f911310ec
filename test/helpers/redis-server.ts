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

export async function startRedis(): Promise<TestRedis> {
  const shared = process.env.REDIS_URL;
  if (shared) return { url: shared, owned: false, stop: async () => {} };
  const server = await startRedisProcess();
  return { url: `redis://127.0.0.1:${server.port}`, owned: true, stop: () => server.stop() };
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
function ping(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host: '127.0.0.1', port });
    const done = (answer: boolean) => {
      socket.destroy();
      resolve(answer);
    };
    socket.setTimeout(1_000, () => done(false));
    socket.once('error', () => done(false));
    socket.once('connect', () => socket.write('PING\r\n'));
    // -NOAUTH: up, and asking for the password a test gave it.
    socket.once('data', (data) => done(/^(\+PONG|-NOAUTH)/.test(data.toString())));
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
