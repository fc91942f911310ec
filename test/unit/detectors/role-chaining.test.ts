import { describe, expect, it } from 'vitest';
import { roleChaining } from '../../../src/detectors/role-chaining.js';
import { awsService, detect, iamUser } from '../../helpers/records.js';
import {
  assume,
  at,
  awsAccountCaller,
  everyDay,
  PARTNER_ACCOUNT,
  roleArn,
  roleSession,
} from '../../helpers/s3-role-records.js';

const TARGET = roleArn('DeployTarget');
/** A CI role chaining into the target every day, each time with a fresh session name. */
const history = (days = 10) =>
  everyDay(days, 2, (eventTime, day, slot) =>
    assume(TARGET, roleSession('BuildRole', `build-${day}-${slot}`), { eventTime }),
  );

describe('role-chaining', () => {
  it('when a session of another role of the account chains into the role for the first time, raises a low finding', () => {
    const hop = assume(TARGET, roleSession('WebAppRole', 'i-0abc1234def567890'), { eventTime: at(10) });
    const [finding, ...rest] = detect(roleChaining, [...history(), hop]);
    expect(rest).toHaveLength(0);
    expect(finding?.severity).toBe('low');
    expect(finding?.category).toBe('role-assumption');
    expect(finding?.eventIds).toEqual([hop.eventID]);
    expect(finding?.summary).toContain(
      '(a session of arn:aws:iam::123456789012:role/WebAppRole) chained into role DeployTarget for the first time',
    );
  });

  it('when a role session of another account chains in, ranks it medium', () => {
    const hop = assume(TARGET, roleSession('hub-admin', 'jane', PARTNER_ACCOUNT), { eventTime: at(10) });
    const [finding] = detect(roleChaining, [...history(), hop]);
    expect(finding?.severity).toBe('medium');
    expect(finding?.summary).toContain('across accounts');
  });

  it('when the role’s account sees the other account’s session as AWSAccount (AROA… principal), still ranks it medium', () => {
    const hop = assume(TARGET, awsAccountCaller('AROAHUBROLEEXAMPLE:jane', PARTNER_ACCOUNT), {
      eventTime: at(10),
    });
    const [finding] = detect(roleChaining, [...history(), hop]);
    expect(finding?.severity).toBe('medium');
    expect(finding?.summary).toContain(`a session of role AROAHUBROLEEXAMPLE of account ${PARTNER_ACCOUNT}`);
  });

  it('when the usual source role chains in with a new session name, stays quiet', () => {
    const again = assume(TARGET, roleSession('BuildRole', 'build-new-name'), { eventTime: at(10) });
    expect(detect(roleChaining, [...history(), again])).toEqual([]);
  });

  it('while the role has fewer than seven days of history, stays quiet', () => {
    const hop = assume(TARGET, roleSession('WebAppRole', 'x'), { eventTime: at(3) });
    expect(detect(roleChaining, [...history(3), hop])).toEqual([]);
  });

  it('when a user, an AWS service or a failed session call reaches the role, stays quiet', () => {
    const events = [
      ...history(),
      assume(TARGET, iamUser('bob', 'AKIAI44QH8DHBEXAMPLE'), { eventTime: at(10) }),
      assume(TARGET, awsService('lambda.amazonaws.com'), {
        eventTime: at(10, 11),
        sourceIPAddress: 'lambda.amazonaws.com',
      }),
      assume(TARGET, roleSession('WebAppRole', 'x'), { eventTime: at(10, 12), errorCode: 'AccessDenied' }),
    ];
    expect(detect(roleChaining, events)).toEqual([]);
  });
});
