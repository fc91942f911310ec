import { describe, expect, it } from 'vitest';
import { accountPasswordPolicyChanged } from '../../../src/detectors/account-password-policy-changed.js';
import { detect, record } from '../../helpers/records.js';

const policyCall = (eventName: string, requestParameters: Record<string, unknown> | null = null) =>
  record({ eventName, readOnly: false, requestParameters });

describe('account-password-policy-changed', () => {
  it('when the password policy is deleted, raises a high account-change finding', () => {
    const event = policyCall('DeleteAccountPasswordPolicy');
    const [finding, ...rest] = detect(accountPasswordPolicyChanged, [event]);
    expect(rest).toHaveLength(0);
    expect(finding?.severity).toBe('high');
    expect(finding?.category).toBe('account-change');
    expect(finding?.eventIds).toEqual([event.eventID]);
    expect(finding?.summary).toContain('deleted the IAM password policy of account 123456789012');
  });

  it('when the minimum length drops below eight, ranks the update high and shows the length', () => {
    const [finding] = detect(accountPasswordPolicyChanged, [
      policyCall('UpdateAccountPasswordPolicy', { minimumPasswordLength: 6, requireSymbols: false }),
    ]);
    expect(finding?.severity).toBe('high');
    expect(finding?.summary).toContain('minimum length 6');
  });

  it('when a policy with a sound length is applied, ranks it medium', () => {
    const [finding] = detect(accountPasswordPolicyChanged, [
      policyCall('UpdateAccountPasswordPolicy', { minimumPasswordLength: 14, requireSymbols: true }),
    ]);
    expect(finding?.severity).toBe('medium');
  });

  it('when the policy is only read, stays quiet', () => {
    expect(detect(accountPasswordPolicyChanged, [policyCall('GetAccountPasswordPolicy')])).toEqual([]);
  });
});
