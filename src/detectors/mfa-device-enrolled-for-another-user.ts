/** An MFA device bound to someone else's IAM user: whoever holds the device now passes that user's MFA. */
import { paramString } from '../cloudtrail/fields.js';
import { defineDetector } from './detector.js';
import { iamTarget } from './iam-target.js';

const ENABLE_MFA = ['EnableMFADevice'];

export const mfaDeviceEnrolledForAnotherUser = defineDetector({
  meta: {
    id: 'mfa-device-enrolled-for-another-user',
    title: 'MFA device enrolled for another IAM user',
    description:
      'Detects EnableMFADevice naming a user other than the caller’s own (a role session naming any user counts): ' +
      'the caller holds the device, so together with a console password it set (login-profile-changed) it ' +
      'signs in as that user with MFA, and its console sessions carry mfaAuthenticated true like an ' +
      'administrator’s. Users enrolling their own device stay quiet. Elastic ' +
      'persistence_aws_attempt_to_register_virtual_mfa_device reads CreateVirtualMFADevice; trailwatch reads the ' +
      'enrolment instead, since a created device does nothing until it is bound to a user. Medium: help desks ' +
      'enroll devices for users too.',
    category: 'privilege-change',
    severity: 'medium',
    attack: ['T1098.005', 'T1556.006'],
    falsePositives: [
      'An IAM administrator enrolling a hardware token for a user who cannot do it in the console.',
      'Onboarding automation that creates users with a login profile and a virtual MFA device together.',
    ],
    runbook: [
      'Ask the owner of requestParameters.userName whether they enrolled requestParameters.serialNumber; if not, ' +
        'deactivate it (iam deactivate-mfa-device) and delete the user’s login profile.',
      'List the caller’s IAM writes in the 2 hours around eventTime (CreateLoginProfile, CreateAccessKey, ' +
        'AttachUserPolicy on the same user) and the target user’s ConsoleLogin events after it.',
      'If the caller is not an administrator at work, contain its key and the target user.',
    ],
    references: [
      'https://docs.aws.amazon.com/IAM/latest/APIReference/API_EnableMFADevice.html',
      'https://docs.aws.amazon.com/IAM/latest/UserGuide/id_credentials_mfa_enable_virtual.html',
      'https://attack.mitre.org/techniques/T1098/005/',
    ],
    events: ENABLE_MFA,
  },
  match(event) {
    const target = iamTarget(event);
    if (target.kind !== 'another-user') return undefined;
    const device = paramString(event, 'serialNumber');
    const verb = event.failed ? 'tried to enroll' : 'enrolled';
    return {
      summary:
        `${event.identity.arn} ${verb} MFA device ${device ?? '(unnamed)'} for user ${target.userName}: ` +
        'whoever holds it passes that user’s MFA.',
    };
  },
});
