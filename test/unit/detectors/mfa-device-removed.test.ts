import { describe, expect, it } from 'vitest';
import { mfaDeviceRemoved } from '../../../src/detectors/mfa-device-removed.js';
import { pantherCasesAvailable, pantherVerdicts } from '../../helpers/panther-cases.js';
import { assumedRole, detect, record } from '../../helpers/records.js';

const mfa = (eventName: string, requestParameters: Record<string, unknown>, overrides = {}) =>
  record({ eventName, readOnly: false, requestParameters, ...overrides });

describe('mfa-device-removed', () => {
  it("when a caller deactivates another user's MFA device, raises high naming the user", () => {
    const event = mfa('DeactivateMFADevice', {
      userName: 'bob',
      serialNumber: 'arn:aws:iam::123456789012:mfa/bob',
    });
    const [finding, ...rest] = detect(mfaDeviceRemoved, [event]);
    expect(rest).toHaveLength(0);
    expect(finding?.severity).toBe('high');
    expect(finding?.category).toBe('privilege-change');
    expect(finding?.eventIds).toEqual([event.eventID]);
    expect(finding?.summary).toContain('deactivated the MFA device of user bob');
  });

  it('when a user deactivates its own device, raises medium', () => {
    const [finding] = detect(mfaDeviceRemoved, [
      mfa('DeactivateMFADevice', { userName: 'alice', serialNumber: 'arn:aws:iam::123456789012:mfa/alice' }),
    ]);
    expect(finding?.severity).toBe('medium');
    expect(finding?.summary).toContain('its own user alice');
  });

  it('when a role session named after the user deactivates its device, raises medium', () => {
    const [finding] = detect(mfaDeviceRemoved, [
      mfa(
        'DeactivateMFADevice',
        { userName: 'bob', serialNumber: 'arn:aws:iam::123456789012:mfa/bob' },
        { userIdentity: assumedRole('SelfService', 'bob') },
      ),
    ]);
    expect(finding?.severity).toBe('medium');
  });

  it("when a role session deletes the root user's virtual MFA device, raises high", () => {
    const [finding] = detect(mfaDeviceRemoved, [
      mfa(
        'DeleteVirtualMFADevice',
        { serialNumber: 'arn:aws:iam::123456789012:mfa/root-account-mfa-device' },
        { userIdentity: assumedRole() },
      ),
    ]);
    expect(finding?.severity).toBe('high');
    expect(finding?.summary).toContain('root-account-mfa-device');
  });

  it('when an MFA device is created or enabled, stays quiet', () => {
    expect(
      detect(mfaDeviceRemoved, [
        mfa('CreateVirtualMFADevice', { virtualMFADeviceName: 'alice' }),
        mfa('EnableMFADevice', { userName: 'alice', serialNumber: 'arn:aws:iam::123456789012:mfa/alice' }),
      ]),
    ).toEqual([]);
  });
});

describe.skipIf(!pantherCasesAvailable)(
  'mfa-device-removed on Panther cases (from panther-labs/panther-analysis, Apache-2.0)',
  () => {
    it('stays quiet on the MFA device creation negative of AWS.IAM.CredentialsUpdated', () => {
      const rows = pantherVerdicts(mfaDeviceRemoved, 'AWS.IAM.CredentialsUpdated');
      expect(rows.find((row) => row.name === 'MFA Device Was Created')?.severity).toBeUndefined();
    });
  },
);
