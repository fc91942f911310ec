import { describe, expect, it } from 'vitest';
import { rootPasswordChanged } from '../../../src/detectors/root-password-changed.js';
import { judgePanther, pantherCase, pantherCasesAvailable } from '../../helpers/panther-cases.js';
import { detect, iamUser, record, root } from '../../helpers/records.js';

// After the signin.amazonaws.com records in the CloudTrail sign-in event reference, redacted.
const signinEvent = (eventName: string, result: 'Success' | 'Failure' = 'Success', userIdentity = root()) =>
  record({
    eventSource: 'signin.amazonaws.com',
    eventName,
    eventType: 'AwsConsoleSignIn',
    readOnly: false,
    userIdentity,
    sourceIPAddress: '203.0.113.77',
    responseElements: { [eventName]: result },
  });

describe('root-password-changed', () => {
  it('when root changes its password, raises a high account-change finding naming the account and IP', () => {
    const event = signinEvent('PasswordUpdated');
    const [finding, ...rest] = detect(rootPasswordChanged, [event]);
    expect(rest).toHaveLength(0);
    expect(finding?.severity).toBe('high');
    expect(finding?.category).toBe('account-change');
    expect(finding?.eventIds).toEqual([event.eventID]);
    expect(finding?.summary).toContain('changed the root password of account 123456789012');
    expect(finding?.summary).toContain('203.0.113.77');
  });

  it('when root password recovery is requested and then completed, ranks the completion high', () => {
    const [finding] = detect(rootPasswordChanged, [
      signinEvent('PasswordRecoveryRequested'),
      { ...signinEvent('PasswordRecoveryCompleted'), eventTime: '2026-03-02T10:05:00Z' },
    ]);
    expect(finding?.severity).toBe('high');
    expect(finding?.eventIds).toHaveLength(2);
    expect(finding?.summary).toContain('email recovery');
  });

  it('when only recovery is requested, ranks it medium', () => {
    const [finding] = detect(rootPasswordChanged, [signinEvent('PasswordRecoveryRequested')]);
    expect(finding?.severity).toBe('medium');
  });

  it('when the change fails, or is not root, stays quiet', () => {
    expect(
      detect(rootPasswordChanged, [
        signinEvent('PasswordUpdated', 'Failure'),
        signinEvent('PasswordUpdated', 'Success', iamUser()),
      ]),
    ).toEqual([]);
  });

  describe.skipIf(!pantherCasesAvailable)(
    'against Panther AWS.CloudTrail.RootPasswordChanged (panther-labs/panther-analysis, Apache-2.0)',
    () => {
      it('catches "Root Password Changed" at high', () => {
        const verdict = judgePanther(
          rootPasswordChanged,
          pantherCase('AWS.CloudTrail.RootPasswordChanged', 'Root Password Changed'),
        );
        expect(verdict.caught).toBe(true);
        expect(verdict.severity).toBe('high');
      });

      it('stays quiet on "Root Password Change Failed"', () => {
        const verdict = judgePanther(
          rootPasswordChanged,
          pantherCase('AWS.CloudTrail.RootPasswordChanged', 'Root Password Change Failed'),
        );
        expect(verdict.findings).toEqual([]);
      });
    },
  );
});
