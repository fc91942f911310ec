import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../../src/config/config-error.js';
import { parseConfig } from '../../../src/config/load-config.js';
import { requireServiceConfig } from '../../../src/config/service-config.js';

const QUEUE = 'https://sqs.eu-west-1.amazonaws.com/111122223333/org-trail-files';
const ROLE = 'arn:aws:iam::111122223333:role/trailwatch-log-archive';

const refusal = (yaml: string) => {
  try {
    parseConfig(yaml, 'trailwatch.yml');
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return (error as Error).message;
  }
  throw new Error('the config was accepted');
};

describe('sources.s3Sqs in trailwatch.yml', () => {
  it('reads queue URLs, the log-archive role, its external id and the filters, with defaults for the rest', () => {
    const config = parseConfig(
      `sources:\n  s3Sqs:\n    queueUrls: [${QUEUE}]\n    roleArn: ${ROLE}\n    externalId: tw-7f3e\n` +
        '    prefix: AWSLogs/o-a1b2c3d4e5/\n    accounts: ["123456789012"]\n    regions: [eu-west-1]\n',
      'trailwatch.yml',
    );
    expect(config.sources.s3Sqs).toEqual({
      queueUrls: [QUEUE],
      roleArn: ROLE,
      externalId: 'tw-7f3e',
      prefix: 'AWSLogs/o-a1b2c3d4e5/',
      accounts: ['123456789012'],
      regions: ['eu-west-1'],
      waitSeconds: 20,
      visibilityTimeoutSeconds: 300,
      retryBackoffSeconds: 30,
      consumers: 1,
      latenessMinutes: 15,
    });
  });

  it('refuses a queue name where a URL belongs, naming sources.s3Sqs.queueUrls.0', () => {
    expect(refusal('sources:\n  s3Sqs:\n    queueUrls: [org-trail-files]\n')).toMatch(
      /sources\.s3Sqs\.queueUrls\.0: must be an SQS queue URL/,
    );
  });

  it('refuses a bad role ARN, an external id without a role and an unknown key, naming each', () => {
    const message = refusal(
      `sources:\n  s3Sqs:\n    queueUrls: [${QUEUE}]\n    roleArn: trailwatch-log-archive\n    wait: 5\n`,
    );
    expect(message).toMatch(/sources\.s3Sqs\.roleArn: must be a role ARN/);
    expect(message).toMatch(/sources\.s3Sqs: Unrecognized key: "wait"/);
    expect(refusal(`sources:\n  s3Sqs:\n    queueUrls: [${QUEUE}]\n    externalId: tw-7f3e\n`)).toMatch(
      /sources\.s3Sqs\.externalId: is only used with roleArn/,
    );
  });

  it('asks for the region when the queue URL does not name one (an emulator)', () => {
    expect(refusal('sources:\n  s3Sqs:\n    queueUrls: ["http://127.0.0.1:5000/123456789012/q"]\n')).toMatch(
      /sources\.s3Sqs\.queueUrls\.0: names no region .*set sources\.s3Sqs\.region/,
    );
  });

  it('lets the service run on trail files alone, with no account to poll', () => {
    const config = parseConfig(`sources:\n  s3Sqs:\n    queueUrls: [${QUEUE}]\n`, 'trailwatch.yml');
    expect(() => requireServiceConfig(config)).not.toThrow();
  });
});
