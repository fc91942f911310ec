/** An MFA device deactivated or deleted. */
import type { TrailEvent } from '../cloudtrail/event.js';
import { paramString } from '../cloudtrail/fields.js';
import type { Severity } from '../findings/severity.js';
import { defineDetector } from './detector.js';
import { iamTarget } from './iam-target.js';

const MFA_REMOVAL = ['DeactivateMFADevice', 'DeleteVirtualMFADevice'];

/** Another user's device, unless the role session is named after that user (softens, never clears). */
function forAnotherUser(event: TrailEvent): { other: boolean; userName: string } {
  const target = iamTarget(event);
  const namesake = event.identity.sessionName?.toLowerCase() === target.userName.toLowerCase();
  return { other: target.kind === 'another-user' && !namesake, userName: target.userName };
}

export const mfaDeviceRemoved = defineDetector({
  meta: {
    id: 'mfa-device-removed',
    title: 'MFA device deactivated or deleted',
    description:
      'Detects DeactivateMFADevice and DeleteVirtualMFADevice. High when a caller takes MFA off another user ' +
      '(or the root user): with a password it knows or sets, it can now sign in as that user. Medium for a ' +
      'user removing its own device (lost phones are common, but so is an intruder weakening the account), ' +
      'for a role session named after the user, and for deleting a virtual device, which the record does ' +
      'not tie to a user.',
    category: 'privilege-change',
    severity: 'medium',
    attack: ['T1556.006'],
    falsePositives: [
      'A user replacing a lost or new phone: a deactivate followed by EnableMFADevice within minutes.',
      'IAM administrators resetting MFA for a user who lost their device, after a help-desk ticket.',
    ],
    runbook: [
      'Confirm with the owner of requestParameters.userName (or the serialNumber) that the removal was theirs; re-enrol MFA if not.',
      'Look for UpdateLoginProfile, CreateLoginProfile and ConsoleLogin for that user in the 24 hours around eventTime.',
      'If userIdentity.accessKeyId is not the user or a known administrator, deactivate it and revoke its sessions.',
    ],
    references: [
      'https://docs.aws.amazon.com/IAM/latest/APIReference/API_DeactivateMFADevice.html',
      'https://docs.aws.amazon.com/IAM/latest/APIReference/API_DeleteVirtualMFADevice.html',
      'https://attack.mitre.org/techniques/T1556/006/',
    ],
    events: MFA_REMOVAL,
  },
  match(event) {
    const attempt = event.failed ? 'tried to ' : '';
    if (event.eventName === 'DeleteVirtualMFADevice') {
      const serial = paramString(event, 'serialNumber') ?? 'a virtual MFA device';
      const rootDevice = /:mfa\/root-account-mfa-device$|:root$/.test(serial);
      const severity: Severity = rootDevice && event.identity.type !== 'Root' ? 'high' : 'medium';
      return {
        severity,
        summary: `${event.identity.arn} ${attempt}${attempt ? 'delete' : 'deleted'} MFA device ${serial}.`,
      };
    }
    const { other, userName } = forAnotherUser(event);
    const severity: Severity = other ? 'high' : 'medium';
    const whose = other ? `user ${userName}` : `its own user ${userName}`;
    return {
      severity,
      summary: `${event.identity.arn} ${attempt}${attempt ? 'deactivate' : 'deactivated'} the MFA device of ${whose}.`,
    };
  },
});
