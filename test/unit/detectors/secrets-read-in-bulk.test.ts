import { describe, expect, it } from 'vitest';
import { secretsReadInBulk } from '../../../src/detectors/secrets-read-in-bulk.js';
import { judgePanther, pantherCase, pantherCasesAvailable } from '../../helpers/panther-cases.js';
import { assumedRole, detect, minutesAfter, record } from '../../helpers/records.js';

const BASE = '2026-03-02T10:00:00Z';
const read = (secretId: string, minute: number, overrides: Record<string, unknown> = {}) =>
  record({
    eventSource: 'secretsmanager.amazonaws.com',
    eventName: 'GetSecretValue',
    eventTime: minutesAfter(BASE, minute),
    requestParameters: { secretId },
    ...overrides,
  });
const arnOf = (name: string) => `arn:aws:secretsmanager:us-east-1:123456789012:secret:${name}-AbC123`;

describe('secrets-read-in-bulk', () => {
  it('when one key reads ten distinct secrets within ten minutes, raises one high finding citing all ten', () => {
    const events = Array.from({ length: 10 }, (_, i) => read(arnOf(`prod/app-${i}`), i));
    const [finding, ...rest] = detect(secretsReadInBulk, events);
    expect(rest).toHaveLength(0);
    expect(finding?.severity).toBe('high');
    expect(finding?.category).toBe('data-exfiltration');
    expect(finding?.eventIds).toEqual(events.map((e) => e.eventID));
    expect(finding?.summary).toContain('starting with prod/app-0 in us-east-1');
  });

  it('when secrets are pulled by id in small BatchGetSecretValue batches, counts every secret, not the calls', () => {
    const batch = (minute: number, ids: string[]) =>
      record({
        eventSource: 'secretsmanager.amazonaws.com',
        eventName: 'BatchGetSecretValue',
        eventTime: minutesAfter(BASE, minute),
        requestParameters: { secretIdList: ids },
      });
    const events = [0, 1, 2, 3].map((call) =>
      batch(
        call,
        [0, 1, 2].map((i) => arnOf(`prod/svc-${call * 3 + i}`)),
      ),
    );
    expect(detect(secretsReadInBulk, events.slice(0, 3))).toEqual([]);
    const [finding, ...rest] = detect(secretsReadInBulk, events);
    expect(rest).toHaveLength(0);
    expect(finding?.eventIds).toEqual(events.map((e) => e.eventID));
    expect(finding?.summary).toContain('starting with prod/svc-0 and 2 more');
  });

  it('when the same secret is read by name and by ARN over and over, counts it once and stays quiet', () => {
    const events = Array.from({ length: 12 }, (_, i) => read(i % 2 ? 'prod/db' : arnOf('prod/db'), i));
    expect(detect(secretsReadInBulk, events)).toEqual([]);
  });

  it('when nine secrets are read, or ten spread over more than ten minutes, stays quiet', () => {
    const nine = Array.from({ length: 9 }, (_, i) => read(`s-${i}`, i));
    const slow = Array.from({ length: 10 }, (_, i) =>
      read(`t-${i}`, 100 + i * 2, { userIdentity: assumedRole('Worker') }),
    );
    expect(detect(secretsReadInBulk, [...nine, ...slow])).toEqual([]);
  });

  it('when the sweep is denied, still counts it, one step lower', () => {
    const events = Array.from({ length: 10 }, (_, i) =>
      read(`x-${i}`, 0, { errorCode: 'AccessDeniedException' }),
    );
    const [finding] = detect(secretsReadInBulk, events);
    expect(finding?.severity).toBe('medium');
    expect(finding?.eventCount).toBe(10);
  });
});

// Panther's tests (from panther-labs/panther-analysis, Apache-2.0). Panther alerts after 20 reads; one
// record alone is below trailwatch's threshold too, so nothing fires on it.
describe.skipIf(!pantherCasesAvailable)('Panther AWS.SecretsManager.RetrieveSecrets', () => {
  it('on the single denied GetSecretValue, stays below the threshold like Panther', () => {
    const verdict = judgePanther(
      secretsReadInBulk,
      pantherCase('AWS.SecretsManager.RetrieveSecrets', 'GetSecretValue Denied'),
    );
    expect(verdict.malformed).toBeUndefined();
    expect(verdict.findings).toEqual([]);
  });

  it('on the multi-region rule’s plain GetSecretValue (no time or identity), raises nothing', () => {
    const verdict = judgePanther(
      secretsReadInBulk,
      pantherCase(
        'AWS.SecretsManager.RetrieveSecretsMultiRegion',
        'Non-batch GetSecretValue event - no match',
      ),
    );
    expect(verdict.alarm).toBe(false);
    expect(verdict.findings).toEqual([]);
  });
});
