/** `trailwatch start`'s signal handling, in-process: the signals and exit are the test's own. */
import { EventEmitter } from 'node:events';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { runServiceCli } from '../../../src/app/cli/start.js';
import { startRedis, type TestRedis } from '../../helpers/redis-server.js';
import { pendingJobs, serviceConfig } from './service-fixture.js';

let redis: TestRedis;
let file: string;

beforeAll(async () => {
  redis = await startRedis();
  const dir = mkdtempSync(join(tmpdir(), 'trailwatch-service-command-'));
  file = join(dir, 'trailwatch.yml');
  // A region list, so start needs no DescribeRegions; the polls themselves may fail (no AWS here).
  writeFileSync(file, 'accounts:\n  - id: "123456789012"\nregions: [us-east-1]\n');
});
afterAll(async () => {
  await redis?.stop();
});

function io(prefix: string) {
  return {
    env: {
      REDIS_URL: redis.url,
      TRAILWATCH_REDIS_PREFIX: prefix,
      TRAILWATCH_LOG_LEVEL: 'silent',
      // Nothing listens here: a poll fails fast and retries later, which is all this test needs.
      AWS_ENDPOINT_URL_CLOUDTRAIL: 'http://127.0.0.1:9',
    },
    signals: new EventEmitter(),
    exit: vi.fn(),
    stopTimeoutMs: 2_000,
  };
}

describe('trailwatch start signals', () => {
  it('on SIGTERM, polls once at start, then stops within the bound and answers exit code 0', async () => {
    const { prefix } = serviceConfig(redis.url).redis;
    const command = io(prefix);
    const run = runServiceCli('all', ['--config', file], command);
    // The first tick is immediate: its poll job appears without waiting for cron.
    const config = serviceConfig(redis.url);
    config.redis.prefix = prefix;
    const deadline = Date.now() + 10_000;
    while ((await pendingJobs(config)) === 0 && Date.now() < deadline)
      await new Promise((r) => setTimeout(r, 25));
    expect(await pendingJobs(config)).toBeGreaterThan(0);

    const started = Date.now();
    command.signals.emit('SIGTERM', 'SIGTERM');
    expect(await run).toBe(0);
    expect(Date.now() - started).toBeLessThan(3_000);
    expect(command.exit).not.toHaveBeenCalled();
    expect(command.signals.listenerCount('SIGTERM')).toBe(0);
  }, 30_000);

  it('on a second signal, exits at once with code 1', async () => {
    const { prefix } = serviceConfig(redis.url).redis;
    const command = io(prefix);
    const run = runServiceCli('all', ['--config', file], command);
    command.signals.emit('SIGTERM', 'SIGTERM');
    command.signals.emit('SIGINT', 'SIGINT');
    expect(command.exit).toHaveBeenCalledWith(1);
    // The exit is the test's: the first stop still completes.
    expect(await run).toBe(0);
  }, 30_000);
});
