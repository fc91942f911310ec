/** A new IAM user: the classic persistence foothold for a stolen key. */
import { paramString } from '../cloudtrail/fields.js';
import { defineDetector } from './detector.js';

const CREATE_USER = ['CreateUser'];

export const iamUserCreated = defineDetector({
  meta: {
    id: 'iam-user-created',
    title: 'IAM user created',
    description:
      'Detects CreateUser. Intruders create a user of their own, then give it keys, a password or an admin ' +
      'policy, so they keep access after the stolen key is rotated. Most accounts that use IAM Identity ' +
      'Center create IAM users rarely, so a new one is worth a look (medium).',
    category: 'privilege-change',
    severity: 'medium',
    attack: ['T1136.003'],
    falsePositives: [
      'Onboarding automation or Terraform creating service users for third-party tools.',
      'An administrator creating a break-glass user when setting up a new account.',
    ],
    runbook: [
      'Check who owns requestParameters.userName and whether a ticket covers it; if not, delete its keys, login profile and the user.',
      'Look for CreateAccessKey, CreateLoginProfile, AttachUserPolicy and AddUserToGroup on the new user in the 2 hours after eventTime.',
      'If userIdentity.accessKeyId is not a known administrator or pipeline key, deactivate it and revoke its sessions.',
    ],
    references: [
      'https://docs.aws.amazon.com/IAM/latest/APIReference/API_CreateUser.html',
      'https://stratus-red-team.cloud/attack-techniques/AWS/aws.persistence.iam-create-admin-user/',
      'https://attack.mitre.org/techniques/T1136/003/',
    ],
    events: CREATE_USER,
  },
  match(event) {
    const user = paramString(event, 'userName') ?? '(unnamed)';
    const verb = event.failed ? 'tried to create' : 'created';
    return { summary: `${event.identity.arn} ${verb} IAM user ${user}.` };
  },
});
