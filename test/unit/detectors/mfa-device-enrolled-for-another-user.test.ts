import { describe, expect, it } from 'vitest';
import { mfaDeviceEnrolledForAnotherUser } from '../../../src/detectors/mfa-device-enrolled-for-another-user.js';
import { ACCOUNT, assumedRole, detect, iamUser, record } from '../../helpers/records.js';

// After the IAM CloudTrail reference: the authentication codes are not logged, the user and device are.
const enable = (userName: string, userIdentity: Record<string, unknown> = iamUser('alice')) =>
  record({
    eventName: 'EnableMFADevice',
    readOnly: false,
    userIdentity,
    requestParameters: { userName, serialNumber: `arn:aws:iam::${ACCOUNT}:mfa/${userName}-device` },
  });

describe('mfa-device-enrolled-for-another-user', () => {
  it('when a user enrolls an MFA device for another user, raises medium naming the user and the device', () => {
    const event = enable('backup-operator');
    const [finding, ...rest] = detect(mfaDeviceEnrolledForAnotherUser, [event]);
    expect(rest).toHaveLength(0);
    expect(finding?.severity).toBe('medium');
    expect(finding?.category).toBe('privilege-change');
    expect(finding?.eventIds).toEqual([event.eventID]);
    expect(finding?.summary).toContain(
      `enrolled MFA device arn:aws:iam::${ACCOUNT}:mfa/backup-operator-device for user backup-operator`,
    );
  });

  it('when a role session enrolls a device for an IAM user, raises it too (a role has no user of its own)', () => {
    const [finding] = detect(mfaDeviceEnrolledForAnotherUser, [
      enable('backup-operator', assumedRole('DeployRole', 'i-0a1b2c3d4e5f67890')),
    ]);
    expect(finding?.severity).toBe('medium');
  });

  it('when users enroll their own device (named or not), stays quiet', () => {
    const own = enable('alice');
    const unnamed = record({
      eventName: 'EnableMFADevice',
      readOnly: false,
      requestParameters: { serialNumber: `arn:aws:iam::${ACCOUNT}:mfa/alice-device` },
    });
    expect(detect(mfaDeviceEnrolledForAnotherUser, [own, unnamed])).toEqual([]);
  });
});
