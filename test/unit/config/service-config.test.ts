import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../../src/config/config-error.js';
import { loadConfigFile, parseConfig } from '../../../src/config/load-config.js';
import {
  redactServiceConfig,
  regionsFor,
  requireServiceConfig,
  ServiceConfigSchema,
} from '../../../src/config/service-config.js';
import { DEFAULT_TUNING } from '../../../src/config/tuning.js';

const ROLE = 'arn:aws:iam::444455556666:role/trailwatch-reader';

/** The message of the ConfigError that parsing this YAML raises. */
function refusal(yaml: string): string {
  try {
    parseConfig(yaml, 'trailwatch.yml');
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return (error as Error).message;
  }
  throw new Error('expected the config to be refused');
}

describe('service config', () => {
  it('when empty, gives the documented defaults and no accounts', () => {
    expect(parseConfig('', 'trailwatch.yml')).toEqual({
      detectors: DEFAULT_TUNING,
      accounts: [],
      regions: 'all-enabled',
      poll: {
        intervalSeconds: 60,
        overlapMinutes: 15,
        backfillHours: 24,
        readStepHours: 24,
        deliveryDelayMinutes: 5,
        dedupeMinutes: 120,
        maxRequestsPerSecond: 2,
      },
      redis: { url: 'redis://127.0.0.1:6379', prefix: '{trailwatch}' },
      sources: {},
      slack: {
        channels: { routes: [] },
        minSeverity: 'low',
        access: {
          responders: { anyone: false, users: [], groups: [], channels: [] },
          approvers: { anyone: false, users: [], groups: [], channels: [] },
          commands: {},
          buttons: {},
        },
      },
      remediation: {
        dryRun: false,
        requestTtlMinutes: 30,
        watchMinutes: 30,
        watchEveryMinutes: 5,
        protected: { botRoleArns: [], breakGlassPatterns: ['break-glass*', 'BreakGlass*'], arns: [] },
        actors: {},
        askTimeoutMinutes: 15,
      },
    });
  });

  it('documents every default truthfully in trailwatch.example.yml', () => {
    const example = join(import.meta.dirname, '../../../trailwatch.example.yml');
    expect(loadConfigFile(example)).toEqual(ServiceConfigSchema.parse({}));
  });

  it("keeps trailwatch.example.yml's commented account valid, with the responder role containment needs", () => {
    const example = readFileSync(join(import.meta.dirname, '../../../trailwatch.example.yml'), 'utf8');
    const lines = example.split('\n');
    const first = lines.findIndex((line) => line.startsWith('#   - id:'));
    const end = lines.findIndex((line, i) => i > first && !line.startsWith('#   '));
    const account = lines.slice(first, end).map((line) => line.slice(1));
    const config = parseConfig(['accounts:', ...account].join('\n'), 'trailwatch.example.yml');
    expect(config.accounts[0]).toMatchObject({
      id: '123456789012',
      roleArn: 'arn:aws:iam::123456789012:role/trailwatch-reader',
      responderRoleArn: 'arn:aws:iam::123456789012:role/trailwatch-responder',
    });
  });

  it('reads accounts, names an account after its alias, else its id, and keeps per-account regions', () => {
    const config = parseConfig(
      [
        'accounts:',
        '  - { id: "444455556666", name: Production, roleArn: "arn:aws:iam::444455556666:role/trailwatch-reader", externalId: prod-7f3e }',
        '  - { id: "111122223333", alias: example-dev, regions: [eu-west-1] }',
        '  - { id: "012345678901" }',
        'regions: [us-east-1, eu-west-1]',
      ].join('\n'),
      'trailwatch.yml',
    );
    expect(config.accounts.map((a) => a.name)).toEqual(['Production', 'example-dev', '012345678901']);
    expect(config.accounts[0]).toMatchObject({ roleArn: ROLE, externalId: 'prod-7f3e' });
    expect(config.accounts.map((a) => regionsFor(config, a))).toEqual([
      ['us-east-1', 'eu-west-1'],
      ['eu-west-1'],
      ['us-east-1', 'eu-west-1'],
    ]);
  });

  it('refuses an account id that is not 12 digits, or unquoted, naming accounts.N.id', () => {
    expect(refusal('accounts: [{ id: "12345" }]')).toMatch(
      /^ {2}accounts\.0\.id: must be a 12-digit AWS account id/m,
    );
    expect(refusal('accounts: [{ id: 444455556666 }]')).toMatch(
      /accounts\.0\.id: must be a 12-digit AWS account id in quotes/,
    );
  });

  it('refuses a role ARN of the wrong shape, or of another account, naming accounts.N.roleArn', () => {
    expect(refusal('accounts: [{ id: "444455556666", roleArn: "trailwatch-reader" }]')).toMatch(
      /accounts\.0\.roleArn: must be a role ARN such as arn:aws:iam::123456789012:role\/trailwatch-reader/,
    );
    expect(
      refusal('accounts: [{ id: "444455556666", roleArn: "arn:aws:iam::444455556666:user/bob" }]'),
    ).toMatch(/accounts\.0\.roleArn: must be a role ARN/);
    expect(
      refusal(
        'accounts: [{ id: "111122223333", roleArn: "arn:aws:iam::444455556666:role/trailwatch-reader" }]',
      ),
    ).toMatch(/accounts\.0\.roleArn: must be a role in account 111122223333 .*not 444455556666/);
  });

  it('refuses an external id without a role, and an account listed twice', () => {
    expect(refusal('accounts: [{ id: "444455556666", externalId: abc-123 }]')).toMatch(
      /accounts\.0\.externalId: is only used with roleArn/,
    );
    expect(refusal('accounts: [{ id: "444455556666" }, { id: "444455556666" }]')).toMatch(
      /accounts\.1\.id: account 444455556666 is listed twice/,
    );
  });

  it('refuses a poll interval under 30 s, an overlap under 5 min and more than 2 requests/s', () => {
    expect(refusal('poll: { intervalSeconds: 10 }')).toMatch(
      /poll\.intervalSeconds: Too small: expected number to be >=30/,
    );
    expect(refusal('poll: { overlapMinutes: 1 }')).toMatch(/poll\.overlapMinutes: Too small/);
    expect(refusal('poll: { maxRequestsPerSecond: 5 }')).toMatch(
      /poll\.maxRequestsPerSecond: Too big: expected number to be <=2/,
    );
    expect(refusal('poll: { backfillHours: 3000 }')).toMatch(/poll\.backfillHours: Too big/);
  });

  it('refuses a dedupe window that a re-read outlasts, naming poll.dedupeMinutes and the minimum', () => {
    // Defaults: 15 min overlap + 5 min delivery delay + a 60 s interval = 21 min.
    expect(refusal('poll: { dedupeMinutes: 20 }')).toMatch(
      /poll\.dedupeMinutes: must be more than .*\(21 min\)/,
    );
    expect(refusal('poll: { dedupeMinutes: 30, overlapMinutes: 30 }')).toMatch(/poll\.dedupeMinutes/);
    expect(parseConfig('poll: { dedupeMinutes: 22 }', 'trailwatch.yml').poll.dedupeMinutes).toBe(22);
  });

  it('refuses a Redis key prefix without a hash tag, naming redis.prefix', () => {
    expect(refusal('redis: { prefix: trailwatch }')).toMatch(
      /redis\.prefix: redis key prefix "trailwatch" needs a Redis Cluster hash tag such as \{trailwatch\}/,
    );
    expect(refusal('redis: { prefix: "{}trailwatch" }')).toMatch(/redis\.prefix: /);
  });

  it('refuses regions that are neither all-enabled nor region names, naming the bad entry', () => {
    expect(refusal('regions: everywhere')).toMatch(
      /regions: must be "all-enabled" or a list of region names/,
    );
    expect(refusal('regions: [us-east-1, Frankfurt]')).toMatch(
      /regions\.1: must be a region name such as us-east-1/,
    );
    expect(refusal('regions: []')).toMatch(/regions: Too small/);
  });

  it('refuses an unknown top-level key rather than ignoring a typo', () => {
    expect(refusal('acounts: []')).toMatch(/Unrecognized key: "acounts"/);
  });

  it('when the Redis URL is refused, does not print it or its password', () => {
    const message = refusal('redis: { url: "http://trailwatch:hunter2-secret@redis.internal:6379" }');
    expect(message).toMatch(/redis\.url: must look like redis:\/\/host:6379/);
    expect(message).not.toContain('hunter2-secret');
    expect(message).not.toContain('redis.internal');
  });

  it('redacts the Redis password for the start-up log', () => {
    const config = parseConfig(
      'redis: { url: "redis://trailwatch:hunter2-secret@redis.internal:6379/0" }',
      'x.yml',
    );
    const logged = JSON.stringify(redactServiceConfig(config));
    expect(logged).not.toContain('hunter2-secret');
    expect(logged).toContain('redis://trailwatch:***@redis.internal:6379/0');
    expect(config.redis.url).toContain('hunter2-secret');
  });
});

describe('requireServiceConfig', () => {
  it('when no account is configured, refuses naming the accounts key, though scan accepts the file', () => {
    const config = parseConfig('', 'trailwatch.yml');
    expect(() => requireServiceConfig(config)).toThrow(ConfigError);
    expect(() => requireServiceConfig(config, 'prod.yml')).toThrow(
      /^prod\.yml is not valid for the service:\n {2}accounts: list at least one account to poll/,
    );
  });

  it('when an account is configured, accepts the config', () => {
    const config = parseConfig('accounts: [{ id: "444455556666" }]', 'trailwatch.yml');
    expect(() => requireServiceConfig(config)).not.toThrow();
  });

  it('refuses a channel given by name, a user given by name and a foreign responder role, naming each key', () => {
    const message = refusal(
      [
        'accounts: [{ id: "444455556666", responderRoleArn: "arn:aws:iam::111122223333:role/responder" }]',
        'slack:',
        '  channels: { default: "#secops" }',
        '  access: { approvers: { users: [alice] } }',
      ].join('\n'),
    );
    expect(message).toContain('slack.channels.default: must be a Slack channel id such as C0123ABCD');
    expect(message).toContain('slack.access.approvers.users.0: must be a Slack user id');
    expect(message).toContain('accounts.0.responderRoleArn: must be a role in account 444455556666');
  });

  it('reads routes, access rules and remediation settings', () => {
    const config = parseConfig(
      [
        'slack:',
        '  channels: { default: C0DEFAULT, audit: C0AUDIT, routes: [{ channel: C0PAGER, minSeverity: high }] }',
        '  access: { responders: { groups: [S0SECOPS] }, commands: { who-did: { anyone: true } } }',
        'remediation: { dryRun: true, actors: { "arn:aws:iam::444455556666:user/alice": U0ALICE } }',
      ].join('\n'),
      'trailwatch.yml',
    );
    expect(config.slack.channels.routes).toEqual([{ channel: 'C0PAGER', minSeverity: 'high' }]);
    expect(config.slack.access.responders.groups).toEqual(['S0SECOPS']);
    expect(config.slack.access.commands['who-did']?.anyone).toBe(true);
    expect(config.remediation.dryRun).toBe(true);
    expect(config.remediation.actors['arn:aws:iam::444455556666:user/alice']).toBe('U0ALICE');
  });
});
