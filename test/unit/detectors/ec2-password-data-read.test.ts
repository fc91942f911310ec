import { describe, expect, it } from 'vitest';
import { ec2PasswordDataRead } from '../../../src/detectors/ec2-password-data-read.js';
import type { Severity } from '../../../src/findings/severity.js';
import { judgePanther, pantherCases, pantherCasesAvailable } from '../../helpers/panther-cases.js';
import { awsService, detect, record } from '../../helpers/records.js';

const getPassword = (overrides: Record<string, unknown> = {}) =>
  record({
    eventSource: 'ec2.amazonaws.com',
    eventName: 'GetPasswordData',
    requestParameters: { instanceId: 'i-0a1b2c3d4e5f67890' },
    ...overrides,
  });

describe('ec2-password-data-read', () => {
  it('when a user reads one instance’s password data, raises a medium finding naming the instance', () => {
    const event = getPassword();
    const [finding, ...rest] = detect(ec2PasswordDataRead, [event]);
    expect(rest).toHaveLength(0);
    expect(finding?.severity).toBe('medium');
    expect(finding?.category).toBe('data-exfiltration');
    expect(finding?.eventIds).toEqual([event.eventID]);
    expect(finding?.summary).toContain('Windows password data of EC2 instance i-0a1b2c3d4e5f67890');
  });

  it('when the call is refused, keeps it at medium and says it was refused', () => {
    const [finding] = detect(ec2PasswordDataRead, [
      getPassword({ errorCode: 'Client.UnauthorizedOperation' }),
    ]);
    expect(finding?.severity).toBe('medium');
    expect(finding?.summary).toContain('was refused (Client.UnauthorizedOperation)');
  });

  it('when an AWS service fetches it for the account, ranks it info', () => {
    const [finding] = detect(ec2PasswordDataRead, [
      getPassword({ userIdentity: awsService('ssm.amazonaws.com') }),
    ]);
    expect(finding?.severity).toBe('info');
  });

  it('when other EC2 reads happen, stays quiet', () => {
    expect(detect(ec2PasswordDataRead, [getPassword({ eventName: 'DescribeInstances' })])).toEqual([]);
  });
});

// Panther's tests (from panther-labs/panther-analysis, Apache-2.0). Panther waits for 30 calls; trailwatch
// reports the first one at medium, so both records raise a finding on their own.
const PANTHER_RULE = 'AWS.EC2.ManyPasswordReadAttempts';
const PANTHER_SEVERITY: Record<string, Severity | undefined> = {
  'Unsuccessful Attempt': 'medium',
  'Successful Attempt': 'medium',
  'Unrelated Event': undefined,
};

describe.skipIf(!pantherCasesAvailable)(`Panther ${PANTHER_RULE}`, () => {
  it.each(pantherCases(PANTHER_RULE))('on "$name", reports it at the expected severity', (each) => {
    const verdict = judgePanther(ec2PasswordDataRead, each);
    expect(verdict.malformed).toBeUndefined();
    expect(verdict.severity).toBe(PANTHER_SEVERITY[each.name]);
    expect(verdict.alarm).toBe(false);
  });
});
