import { describe, expect, it } from 'vitest';
import { iamPasswordChanged } from '../../../src/detectors/iam-password-changed.js';
import {
  judgePanther,
  pantherCase,
  pantherCasesAvailable,
  pantherRecord,
} from '../../helpers/panther-cases.js';
import { assumedRole, detect, iamUser, record } from '../../helpers/records.js';

// After the IAM ChangePassword record in the CloudTrail reference, redacted.
const changePassword = (overrides: Record<string, unknown> = {}) =>
  record({ eventName: 'ChangePassword', readOnly: false, requestParameters: null, ...overrides });

describe('iam-password-changed', () => {
  it('when a key holder changes the console password through the API, raises a high finding naming the key', () => {
    const event = changePassword();
    const [finding, ...rest] = detect(iamPasswordChanged, [event]);
    expect(rest).toHaveLength(0);
    expect(finding?.severity).toBe('high');
    expect(finding?.category).toBe('console-access');
    expect(finding?.eventIds).toEqual([event.eventID]);
    expect(finding?.summary).toContain('IAM user alice changed their console password through the API');
    expect(finding?.summary).toContain('AKIAIOSFODNN7EXAMPLE');
  });

  it('when the user changes it on the console password page, raises a medium finding', () => {
    // invokedBy signin.amazonaws.com is a person on the console, not a service: the engine keeps the rank.
    const [finding, ...rest] = detect(iamPasswordChanged, [
      changePassword({
        userIdentity: { ...iamUser(), invokedBy: 'signin.amazonaws.com' },
        userAgent: 'signin.amazonaws.com',
      }),
    ]);
    expect(rest).toHaveLength(0);
    expect(finding?.severity).toBe('medium');
    expect(finding?.summary).toContain('in the console');
  });

  it('when a role session or an MFA call appears, stays quiet', () => {
    expect(
      detect(iamPasswordChanged, [
        changePassword({ userIdentity: assumedRole() }),
        changePassword({ eventName: 'CreateVirtualMFADevice' }),
      ]),
    ).toEqual([]);
  });

  describe.skipIf(!pantherCasesAvailable)(
    'against Panther AWS.IAM.CredentialsUpdated (panther-labs/panther-analysis, Apache-2.0)',
    () => {
      // The record is console-invoked (invokedBy signin.amazonaws.com): a person, so the engine keeps the rank.
      it('raises a medium finding on "User Password Was Changed"', () => {
        const each = pantherCase('AWS.IAM.CredentialsUpdated', 'User Password Was Changed');
        const [finding, ...rest] = detect(iamPasswordChanged, [pantherRecord(each)]);
        expect(rest).toHaveLength(0);
        expect(finding?.severity).toBe('medium');
      });

      it('raises nothing high on "MFA Device Was Created" and "User Password Change Error"', () => {
        for (const name of ['MFA Device Was Created', 'User Password Change Error']) {
          const verdict = judgePanther(iamPasswordChanged, pantherCase('AWS.IAM.CredentialsUpdated', name));
          expect(verdict.alarm, name).toBe(false);
        }
      });
    },
  );
});
