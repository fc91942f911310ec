import { describe, expect, it } from 'vitest';
import { secretsBatchRetrieved } from '../../../src/detectors/secrets-batch-retrieved.js';
import type { Severity } from '../../../src/findings/severity.js';
import {
  judgePanther,
  type PantherCase,
  pantherCases,
  pantherCasesAvailable,
} from '../../helpers/panther-cases.js';
import { detect, iamUser, record } from '../../helpers/records.js';

const batch = (requestParameters: Record<string, unknown>, overrides: Record<string, unknown> = {}) =>
  record({
    eventSource: 'secretsmanager.amazonaws.com',
    eventName: 'BatchGetSecretValue',
    requestParameters,
    ...overrides,
  });

describe('secrets-batch-retrieved', () => {
  it('when a key pulls every secret with a negated catch-all filter, raises a high finding showing the filter', () => {
    const event = batch({ filters: [{ key: 'tag-key', values: ['!tagKeyThatWillNeverExist'] }] });
    const [finding, ...rest] = detect(secretsBatchRetrieved, [event]);
    expect(rest).toHaveLength(0);
    expect(finding?.severity).toBe('high');
    expect(finding?.category).toBe('data-exfiltration');
    expect(finding?.eventIds).toEqual([event.eventID]);
    expect(finding?.summary).toContain(
      'every secret with a catch-all filter (tag-key=!tagKeyThatWillNeverExist)',
    );
  });

  it('when a key pulls secrets by an ordinary filter, reports it at medium', () => {
    const [finding] = detect(secretsBatchRetrieved, [
      batch({ filters: [{ key: 'name', values: ['prod/'] }] }),
    ]);
    expect(finding?.severity).toBe('medium');
    expect(finding?.summary).toContain('the secrets matching filter name=prod/');
  });

  it('when a key names five or more secret ids, reports it at medium with the count', () => {
    const [finding] = detect(secretsBatchRetrieved, [batch({ secretIdList: ['a', 'b', 'c', 'd', 'e'] })]);
    expect(finding?.severity).toBe('medium');
    expect(finding?.summary).toContain('5 secrets by id');
  });

  it('when an application fetches a few named secrets, stays quiet', () => {
    expect(detect(secretsBatchRetrieved, [batch({ secretIdList: ['app/db', 'app/api-key'] })])).toEqual([]);
  });
});

// Panther's tests (from panther-labs/panther-analysis, Apache-2.0), each scanned alone.
const PANTHER_RULES = [
  'AWS.SecretsManager.BatchRetrieveSecrets',
  'AWS.SecretsManager.BatchRetrieveSecretsCatchAll',
  'AWS.SecretsManager.RetrieveSecretsMultiRegion',
];
const PANTHER_SEVERITY: Record<string, Severity | undefined> = {
  // Panther waits for 5 of these; one filtered batch read is already bulk for trailwatch.
  BatchGetSecretValue: 'medium',
  'BatchGetSecretValue Catch-All': 'high',
  // A real tag alongside the negated one narrows the result: medium, below the alarm line.
  'BatchGetSecretValue Catch-All with other filters': 'medium',
  'BatchGetSecretValue in us-east-1': 'high',
  'Non-batch GetSecretValue event - no match': undefined,
};

/**
 * These Panther records carry no eventTime, eventID or userIdentity: trailwatch's normaliser refuses them
 * and the peer scorer, which matches findings by eventID, could not credit them anyway. The test fills
 * those in to check the verdict on the request itself.
 */
function readable(each: PantherCase, index: number): PantherCase {
  const log = {
    eventTime: '2026-03-02T10:00:00Z',
    eventID: `panther-batch-${index}`,
    userIdentity: iamUser(),
  };
  return { ...each, log: { ...log, ...each.log } };
}

describe.skipIf(!pantherCasesAvailable)('Panther BatchGetSecretValue rules', () => {
  it.each(pantherCases(...PANTHER_RULES).map((each, index) => ({ ...each, index })))(
    'on "$name", agrees with Panther at the expected severity once made readable',
    (each) => {
      const verdict = judgePanther(secretsBatchRetrieved, readable(each, each.index));
      expect(verdict.malformed).toBeUndefined();
      expect(verdict.severity).toBe(PANTHER_SEVERITY[each.name]);
      if (each.expected) expect(verdict.caught).toBe(true);
      else expect(verdict.alarm).toBe(false);
    },
  );
});
