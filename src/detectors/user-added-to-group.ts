/** A user added to an IAM group, ranked by how privileged the group's name says it is. */
import { paramString } from '../cloudtrail/fields.js';
import { defineDetector } from './detector.js';

const ADD_TO_GROUP = ['AddUserToGroup'];

/** The record does not carry the group's policies; its name is the best hint one record gives. */
const PRIVILEGED_GROUP = /admin|root|poweruser|superuser|security|ops/i;

export const userAddedToGroup = defineDetector({
  meta: {
    id: 'user-added-to-group',
    title: 'User added to an IAM group',
    description:
      'Detects AddUserToGroup. High when the group name suggests broad rights (admin, root, poweruser, ' +
      'superuser, security, ops), low otherwise. Joining an admin group is a quiet way to escalate: no policy ' +
      'changes hands, so policy-attachment rules miss it.',
    category: 'privilege-change',
    severity: 'low',
    attack: ['T1098.003'],
    falsePositives: [
      'Onboarding new engineers into Admins or Ops groups through an approved access request.',
      'Group names that merely contain the words (for example "devops-readonly").',
    ],
    runbook: [
      'Check requestParameters.userName and requestParameters.groupName against access requests; remove the user from the group if none exists.',
      'Review the calls requestParameters.userName made in the 24 hours after eventTime.',
      'If userIdentity.accessKeyId is not an administrator key, deactivate it and revoke its sessions.',
    ],
    references: [
      'https://docs.aws.amazon.com/IAM/latest/APIReference/API_AddUserToGroup.html',
      'https://rhinosecuritylabs.com/aws/aws-privilege-escalation-methods-mitigation/',
      'https://attack.mitre.org/techniques/T1098/003/',
    ],
    events: ADD_TO_GROUP,
  },
  match(event) {
    const group = paramString(event, 'groupName') ?? '(unnamed)';
    const user = paramString(event, 'userName') ?? '(unnamed)';
    const privileged = PRIVILEGED_GROUP.test(group);
    const verb = event.failed ? 'tried to add' : 'added';
    return {
      severity: privileged ? 'high' : 'low',
      summary: `${event.identity.arn} ${verb} user ${user} to ${privileged ? 'privileged ' : ''}group ${group}.`,
    };
  },
});
