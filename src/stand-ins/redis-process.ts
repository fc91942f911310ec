/** A private redis-server on a free port: the tests' Redis, and the demo's when REDIS_URL is not set. */

import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { connect, createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { TrailwatchError } from '../errors.js';

/** redis-server is not on PATH: says how to install it, or to point REDIS_URL at a Redis instead. */
export class RedisServerMissingError extends TrailwatchError {
  constructor(options?: { cause?: unknown }) {
    super(
      'redis_server_missing',
      'redis-server is not on PATH: install it (Debian/Ubuntu: `apt-get install -y redis-server`, macOS: ' +
        '`brew install redis`), or set REDIS_URL to a Redis trailwatch may use (it only touches keys under ' +
        'its own prefix)',
      options,
    );
  }
}

const READY_TIMEOUT_MS = 10_000;
const STOP_TIMEOUT_MS = 5_000;
const PORT_ATTEMPTS = 3;

/** One private redis-server (or, with --sentinel, a Sentinel) that a topology helper controls. */
export interface RedisProcess {
  port: number;
  /** The redis-server process (a benchmark reads its CPU time). */
  pid: number | undefined;
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
      await stopRedisChild(child);
      if (attempt < PORT_ATTEMPTS && /Address already in use/i.test(String(error))) continue;
      await rm(dir, { recursive: true, force: true });
      throw error;
    }
    // If the test process dies without calling stop(), don't leave a server behind.
    const killOnExit = () => child.kill('SIGKILL');
    process.once('exit', killOnExit);
    return {
      port,
      pid: child.pid,
      dir,
      async crash() {
        await stopRedisChild(child, 'SIGKILL');
      },
      async stop() {
        process.off('exit', killOnExit);
        await stopRedisChild(child);
        await rm(dir, { recursive: true, force: true });
      },
    };
  }
}

export function spawnRedis(
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

export async function waitUntilReady(child: ChildProcess & { output: string }, port: number): Promise<void> {
  const failed = new Promise<never>((_, reject) => {
    child.once('error', (error: NodeJS.ErrnoException) => {
      reject(error.code === 'ENOENT' ? new RedisServerMissingError({ cause: error }) : error);
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
  return /^(\+PONG|-NOAUTH)/.test(await redisCommand(port, 'PING').catch(() => ''));
}

/** One inline command over a raw socket: Redis's first answer line, or a rejection when none comes. */
export function redisCommand(port: number, line: string): Promise<string> {
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

export function freePort(): Promise<number> {
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

export async function stopRedisChild(child: ChildProcess, signal: NodeJS.Signals = 'SIGTERM'): Promise<void> {
  // No pid: it never started (ENOENT), and 'exit' may never come.
  if (child.pid === undefined || child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill(signal);
  const timer = setTimeout(() => child.kill('SIGKILL'), STOP_TIMEOUT_MS);
  await exited;
  clearTimeout(timer);
}
