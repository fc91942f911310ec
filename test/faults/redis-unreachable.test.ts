/**
 * `trailwatch start` with no Redis to reach (issue 13, row 10): it says it is waiting, once, rather than
 * a stack trace per reconnect, and the first SIGTERM stops it within the bound.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { TEST_ACCESS_KEY_ID, TEST_SECRET_ACCESS_KEY } from '../../src/stand-ins/aws-test-credentials.js';
import { waitUntil } from '../helpers/wait-until.js';

const CLI = join(import.meta.dirname, '../../dist/src/cli.js');

/** A "Redis" that drops every connection at once, counting them: each is one reconnect attempt. */
function droppingServer(): Promise<{ server: Server; port: number; attempts: () => number }> {
  let attempts = 0;
  const server = createServer((socket) => {
    attempts += 1;
    socket.destroy();
  });
  return new Promise((resolve) => {
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      resolve({ server, port, attempts: () => attempts });
    });
  });
}

describe('trailwatch start without Redis', () => {
  it('says once that it waits for Redis at host:port and once that Redis is unreachable, prints no stack, and stops on the first SIGTERM', async () => {
    if (!existsSync(CLI))
      throw new Error('dist/src/cli.js is missing: run `npm run build` (npm test does it)');
    const dir = mkdtempSync(join(tmpdir(), 'trailwatch-no-redis-'));
    const redis = await droppingServer();
    const { port } = redis;
    const file = join(dir, 'trailwatch.yml');
    writeFileSync(file, 'accounts:\n  - id: "123456789012"\n    name: Test\nregions: [us-east-1]\n');
    const child = spawn(process.execPath, [CLI, 'start', '--config', file, '--http-port', '0'], {
      env: {
        PATH: process.env.PATH,
        HOME: dir,
        AWS_ACCESS_KEY_ID: TEST_ACCESS_KEY_ID,
        AWS_SECRET_ACCESS_KEY: TEST_SECRET_ACCESS_KEY,
        AWS_REGION: 'us-east-1',
        AWS_CONFIG_FILE: join(dir, 'none'),
        AWS_SHARED_CREDENTIALS_FILE: join(dir, 'none'),
        AWS_ENDPOINT_URL_CLOUDTRAIL: 'http://127.0.0.1:1',
        REDIS_URL: `redis://127.0.0.1:${port}`,
      },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    child.stderr?.on('data', (chunk) => {
      stderr += String(chunk);
    });
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    try {
      await waitUntil(
        'it says it waits for Redis',
        () => stderr.includes(`waiting for Redis at 127.0.0.1:${port}`),
        30_000,
      );
      // Eight dropped connections: eight failed reconnects (ioredis backs off up to 2 s between them).
      await waitUntil('Redis has dropped eight connections', () => redis.attempts() >= 8, 30_000);
    } finally {
      child.kill('SIGTERM');
    }
    redis.server.close();
    expect(await exited).toBe(0);
    const logLines = stderr.split('\n').filter((line) => line.startsWith('{'));
    expect(logLines.filter((line) => line.includes('unreachable'))).toHaveLength(1);
    expect(stderr).not.toMatch(/\n\s+at /); // no stack trace
    expect(stderr).not.toContain('[ioredis] Unhandled error event');
    expect(stderr).toContain('trailwatch stopped');
  }, 60_000);
});
