/** An account tried to leave its AWS Organization. */
import { defineDetector } from './detector.js';

const LEAVE_ORGANIZATION = ['LeaveOrganization'];

export const organizationLeaveAttempted = defineDetector({
  meta: {
    id: 'organization-leave-attempted',
    title: 'Account tried to leave its organization',
    description:
      "Detects organizations:LeaveOrganization. A member account that leaves drops out of the organization's " +
      'SCPs, organization trail and central security tooling, which is exactly what an intruder wants before ' +
      'abusing it. Failed attempts stay high: they show intent, and an SCP that blocks them is the only thing ' +
      'that did.',
    category: 'account-change',
    severity: 'critical',
    attack: ['T1666', 'T1562.008'],
    falsePositives: [
      'A planned divestiture or account migration to another organization, announced by the cloud team.',
      'A sandbox account being detached by its owner after the organization team approved it.',
    ],
    runbook: [
      'Ask the organization administrators whether a move was planned; if not, treat the caller ' +
        '(userIdentity.arn, accessKeyId) as compromised and contain it.',
      'From the management account, confirm the account is still a member (organizations:DescribeAccount) and ' +
        'that an SCP denies organizations:LeaveOrganization.',
      "Review the caller's calls in the 2 hours before eventTime for CloudTrail, GuardDuty or SCP changes.",
    ],
    references: [
      'https://docs.aws.amazon.com/organizations/latest/APIReference/API_LeaveOrganization.html',
      'https://attack.mitre.org/techniques/T1666/',
    ],
    events: LEAVE_ORGANIZATION,
    failedCalls: 'keep',
  },
  match(event) {
    const account = event.recipientAccountId || event.identity.accountId;
    if (event.failed) {
      return {
        severity: 'high',
        summary:
          `${event.identity.arn} tried to take account ${account} out of its organization ` +
          `(${event.errorCode ?? 'failed'}).`,
      };
    }
    return { summary: `${event.identity.arn} took account ${account} out of its organization.` };
  },
});
