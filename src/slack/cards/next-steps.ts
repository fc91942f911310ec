/** 2–3 concrete runbook steps per finding category, worded for a responder reading the card at 3 a.m. */

import { inlineCode } from '../../block-kit/text.js';
import type { Category } from '../../detectors/categories.js';

/** What the steps name; values are untrusted and get escaped here. */
export interface StepSubject {
  accessKeyId?: string;
  principalArn: string;
  userName?: string;
}

interface Names {
  key: string;
  who: string;
}

type Steps = (n: Names) => string[];

const CONTAIN = 'if it is not expected, press *Contain* (deactivate the key, revoke its sessions)';

const STEPS: Record<Category, Steps> = {
  'api-surge': (n) => [
    `Ask the owner of ${n.who} whether a deploy, script or backfill explains the burst; compare with yesterday's volume in CloudTrail.`,
    `Look at *Show events* for the eventNames and sourceIPs driving it; ${CONTAIN}.`,
  ],
  'unusual-source': (n) => [
    `Check the source IP's network and country against where ${n.who} normally works (VPN, CI runners, office egress).`,
    `Check who owns ${n.key} with GetAccessKeyLastUsed and ask them; ${CONTAIN}.`,
    'Search the last 24 h of CloudTrail for the same sourceIPAddress under other principals.',
  ],
  'service-enumeration': (n) => [
    `Reconnaissance often follows a leaked key: list the services and regions ${n.who} touched in the last 2 h (*Show events*).`,
    `Check who owns ${n.key}; a burst of List/Describe/AccessDenied from a new place is rarely benign: ${CONTAIN}.`,
  ],
  'root-usage': () => [
    'Confirm with the account owner who signed in as root and why; root use should be rare and announced.',
    'Check the root user has MFA and no access keys (IAM credential report); rotate the root password if in doubt.',
    'The bot cannot contain root: a person with the root credentials must act in the console.',
  ],
  'console-access': (n) => [
    `Ask ${n.who} whether the sign-in was theirs (time, country, MFA used).`,
    'If not: delete the login profile or attach a deny-all, and revoke active sessions.',
    'Look for GetFederationToken / GetSigninToken in the same window: a key turned into a console session.',
  ],
  'account-change': (n) => [
    `Check with the account owners that ${n.who} was meant to change account settings (contacts, alias, billing, regions).`,
    'Revert the change if unexpected, and review the other calls of this principal in the last 24 h.',
  ],
  'access-key-activity': (n) => [
    `Check who owns ${n.key} with GetAccessKeyLastUsed; ${CONTAIN}.`,
    "A key created for another user (or root) is a persistence step: list that user's keys and deactivate unknown ones.",
    'Sweep the incident window for new users, roles and trust-policy edits.',
  ],
  'privilege-change': (n) => [
    `Check the change ${n.who} made (policy, group, role trust) against a ticket or deploy.`,
    'If unexpected, revert it and look for new keys or login profiles created in the same window.',
    `Then contain the actor: ${CONTAIN}.`,
  ],
  'role-assumption': (n) => [
    `Check whether ${n.who} normally assumes this role, and from where (caller account, source IP).`,
    "If not, revoke the role's sessions (deny on aws:TokenIssueTime) and review its trust policy.",
  ],
  's3-access': (n) => [
    `List the buckets and objects ${n.who} touched (*Show events*); check whether any hold sensitive data.`,
    `Confirm with the bucket owner; ${CONTAIN}.`,
  ],
  'data-exfiltration': (n) => [
    'Identify what was read or shared (secrets, parameters, snapshots, AMIs, bucket or function policies) and undo any sharing now.',
    'Rotate every secret or parameter that was read in bulk.',
    `Contain ${n.key}: ${CONTAIN}.`,
  ],
  'network-exposure': (n) => [
    `Check the rule ${n.who} opened (0.0.0.0/0, ::/0, admin ports) against a change ticket; close it if unexpected.`,
    'Check the instances behind that security group or NACL for new logins in the same window.',
  ],
  'defense-evasion': (n) => [
    'Turn the logging or detection back on first (CloudTrail, GuardDuty, Config, Flow Logs).',
    `Treat ${n.who} as compromised until proven otherwise: ${CONTAIN}.`,
    'Review what else the principal did while logging was off, from other sources (S3 trail files, VPC logs).',
  ],
  'resource-abuse': (n) => [
    'Stop or terminate the launched resources (instances, Lambdas, Bedrock or SES use) in every region, not only this one.',
    `Check who owns ${n.key}; ${CONTAIN}.`,
    'Check the bill (Cost Explorer, last 24 h) for other regions and services.',
  ],
};

/** The steps for a category, with the key and principal filled in as safe inline code. */
export function nextSteps(category: Category, subject: StepSubject): string[] {
  const who = inlineCode(subject.userName ?? subject.principalArn, 120);
  const key = subject.accessKeyId ? inlineCode(subject.accessKeyId, 40) : 'the access key';
  return (STEPS[category] ?? STEPS['unusual-source'])({ key, who });
}
