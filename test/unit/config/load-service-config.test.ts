import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ConfigError } from '../../../src/config/config-error.js';
import { configFromEnvironment } from '../../../src/config/environment.js';
import { loadServiceConfig } from '../../../src/config/load-service-config.js';

const dir = mkdtempSync(join(tmpdir(), 'trailwatch-service-config-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const NO_DEFAULT_FILE = join(dir, 'absent.yml');
const PASSWORD = 'hunter2-secret';

function file(name: string, lines: string[]): string {
  const path = join(dir, name);
  writeFileSync(path, `${lines.join('\n')}\n`);
  return path;
}

function refusal(load: () => unknown): string {
  try {
    load();
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return (error as Error).message;
  }
  throw new Error('expected the config to be refused');
}

const FILE = file('trailwatch.yml', [
  'accounts: [{ id: "444455556666", name: Production }]',
  'regions: [us-east-1]',
  'poll: { intervalSeconds: 120, overlapMinutes: 20 }',
  'redis: { url: "redis://file-host:6379", prefix: "{tw-file}" }',
]);

describe('configFromEnvironment', () => {
  it('reads only its variables, as nested overrides, and treats an empty one as unset', () => {
    const env = configFromEnvironment({
      REDIS_URL: 'redis://env-host:6380',
      TRAILWATCH_POLL_INTERVAL_SECONDS: '45',
      TRAILWATCH_REGIONS: 'eu-west-1, us-east-1',
      TRAILWATCH_BACKFILL_HOURS: '',
      TRAILWATCH_CONFIG: '/etc/trailwatch.yml',
      HOME: '/root',
    });
    expect(env.path).toBe('/etc/trailwatch.yml');
    expect(env.overrides).toEqual({
      redis: { url: 'redis://env-host:6380' },
      poll: { intervalSeconds: 45 },
      regions: ['eu-west-1', 'us-east-1'],
    });
    expect(env.origins.get('poll.intervalSeconds')).toBe('TRAILWATCH_POLL_INTERVAL_SECONDS');
  });
});

describe('loadServiceConfig', () => {
  it('when there is no file and no variable, gives the defaults', () => {
    const config = loadServiceConfig({ env: {}, defaultPath: NO_DEFAULT_FILE });
    expect(config.accounts).toEqual([]);
    expect(config.poll.intervalSeconds).toBe(60);
  });

  it('lets the environment win over the file and keeps the file for the rest', () => {
    const config = loadServiceConfig({
      path: FILE,
      env: {
        REDIS_URL: 'redis://env-host:6380',
        TRAILWATCH_POLL_INTERVAL_SECONDS: '45',
        TRAILWATCH_REGIONS: 'all-enabled',
      },
    });
    expect(config.redis).toEqual({ url: 'redis://env-host:6380', prefix: '{tw-file}' });
    expect(config.poll).toMatchObject({ intervalSeconds: 45, overlapMinutes: 20 });
    expect(config.regions).toBe('all-enabled');
    expect(config.accounts[0]?.name).toBe('Production');
  });

  it('reads the file TRAILWATCH_CONFIG names, and --config wins over it', () => {
    const other = file('other.yml', ['poll: { intervalSeconds: 300 }']);
    expect(loadServiceConfig({ env: { TRAILWATCH_CONFIG: FILE } }).poll.intervalSeconds).toBe(120);
    expect(loadServiceConfig({ path: other, env: { TRAILWATCH_CONFIG: FILE } }).poll.intervalSeconds).toBe(
      300,
    );
  });

  it('when a named file is missing, says so instead of falling back to defaults', () => {
    expect(refusal(() => loadServiceConfig({ env: { TRAILWATCH_CONFIG: join(dir, 'gone.yml') } }))).toMatch(
      /gone\.yml: cannot read: ENOENT/,
    );
  });

  it('when a variable holds a bad value, names the key and the variable', () => {
    expect(
      refusal(() => loadServiceConfig({ path: FILE, env: { TRAILWATCH_POLL_INTERVAL_SECONDS: '10' } })),
    ).toBe(
      `${FILE} + the environment is not valid:\n` +
        '  poll.intervalSeconds (from TRAILWATCH_POLL_INTERVAL_SECONDS): Too small: expected number to be >=30',
    );
    expect(
      refusal(() => loadServiceConfig({ path: FILE, env: { TRAILWATCH_POLL_INTERVAL_SECONDS: 'soon' } })),
    ).toMatch(
      /poll\.intervalSeconds \(from TRAILWATCH_POLL_INTERVAL_SECONDS\): Invalid input: expected number/,
    );
    expect(refusal(() => loadServiceConfig({ path: FILE, env: { TRAILWATCH_REDIS_PREFIX: 'tw' } }))).toMatch(
      /redis\.prefix \(from TRAILWATCH_REDIS_PREFIX\): .*needs a Redis Cluster hash tag/,
    );
    expect(
      refusal(() => loadServiceConfig({ path: FILE, env: { TRAILWATCH_REGIONS: 'us-east-1,moon' } })),
    ).toMatch(/regions\.1 \(from TRAILWATCH_REGIONS\): must be a region name/);
  });

  it('when a bad value comes from the file, does not blame the environment', () => {
    const bad = file('bad.yml', ['poll: { intervalSeconds: 5 }']);
    expect(refusal(() => loadServiceConfig({ path: bad, env: { REDIS_URL: 'redis://h:6379' } }))).toBe(
      `${bad} + the environment is not valid:\n  poll.intervalSeconds: Too small: expected number to be >=30`,
    );
  });

  it('never prints the Redis password, whichever setting is refused', () => {
    const withPassword = `redis://trailwatch:${PASSWORD}@redis.internal:6379`;
    const messages = [
      refusal(() =>
        loadServiceConfig({ path: FILE, env: { REDIS_URL: `http://trailwatch:${PASSWORD}@redis.internal` } }),
      ),
      refusal(() =>
        loadServiceConfig({ path: FILE, env: { REDIS_URL: withPassword, TRAILWATCH_REDIS_PREFIX: 'x' } }),
      ),
      refusal(() =>
        loadServiceConfig({
          path: file('broken.yml', [`redis: { url: "${withPassword}", prefix: [ }`]),
          env: {},
        }),
      ),
      refusal(() =>
        loadServiceConfig({
          path: file('typo.yml', [`redis: { url: "${withPassword}", prefx: x }`]),
          env: {},
        }),
      ),
    ];
    expect(messages[0]).toMatch(/redis\.url \(from REDIS_URL\): must look like redis:\/\/host:6379/);
    expect(messages[2]).toMatch(/broken\.yml: not valid YAML/);
    for (const message of messages) expect(message).not.toContain(PASSWORD);
  });

  it('validates once: a file value fixed by the environment is accepted', () => {
    const bad = file('fixed.yml', ['redis: { prefix: no-tag }']);
    expect(loadServiceConfig({ path: bad, env: { TRAILWATCH_REDIS_PREFIX: '{tw}' } }).redis.prefix).toBe(
      '{tw}',
    );
  });
});
