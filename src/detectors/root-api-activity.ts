/** The root user made API calls. */
import type { TrailEvent } from '../cloudtrail/event.js';
import { paramString } from '../cloudtrail/fields.js';
import type { Severity } from '../findings/severity.js';
import { defineDetector } from './detector.js';

// Sign-ins have their own detectors (root-console-signin, root-password-changed); service events are AWS's own.
const NOT_A_CALL = new Set(['AwsConsoleSignIn', 'AwsServiceEvent']);
// invokedBy these means a person at the console, not an AWS service acting for the account.
const CONSOLE_FRONT_ENDS = new Set(['signin.amazonaws.com', 'console.amazonaws.com']);
// The console creates these on root's behalf when root first opens some services' pages.
const CONSOLE_SIDE_EFFECTS = new Set(['CreateServiceLinkedRole']);
// Used when a record has no readOnly field.
const READ_ONLY_NAME = /^(Get|List|Describe|Head|Lookup|Search|BatchGet|Check|View)[A-Z]/;

function isReadOnly(event: TrailEvent): boolean {
  return event.readOnly ?? READ_ONLY_NAME.test(event.eventName);
}

/** Root creating its own key has a detector of its own (root-access-key-created). */
function isRootKeyCreation(event: TrailEvent): boolean {
  return event.eventName === 'CreateAccessKey' && !paramString(event, 'userName');
}

function rank(event: TrailEvent): { severity: Severity; what: string } {
  if (event.identity.keyKind === 'long-term') {
    return { severity: 'critical', what: `with root access key ${event.identity.accessKeyId}` };
  }
  if (CONSOLE_SIDE_EFFECTS.has(event.eventName)) return { severity: 'low', what: '(a console side effect)' };
  if (isReadOnly(event)) return { severity: 'medium', what: '(read-only)' };
  return { severity: 'high', what: '' };
}

export const rootApiActivity = defineDetector({
  meta: {
    id: 'root-api-activity',
    title: 'Root user API activity',
    description:
      'Detects API calls made by the root user (userIdentity.type Root), whether from a console session or ' +
      'with a root access key. Calls made with a long-term root key (AKIA…) are critical: nothing in the ' +
      'account can limit such a key. Changes rank high, reads medium, CreateServiceLinkedRole low. Calls an ' +
      'AWS service made for root (invokedBy other than the console) and sign-in events are skipped. Unlike ' +
      "Panther's AWS.Root.Activity, read-only calls are still reported (medium): a stolen root key that only " +
      "enumerates is still a stolen root key, and grouping keeps a console session's reads to one finding.",
    category: 'root-usage',
    severity: 'high',
    attack: ['T1078.004'],
    falsePositives: [
      'The account owner finishing a root-only task in the console (support plan, tax settings, S3 bucket ' +
        'policy recovery), with the reads the console makes around it.',
      'An old script still run with root keys by a team that has not moved to IAM roles.',
    ],
    runbook: [
      'Identify the session: userIdentity.accessKeyId (AKIA = root access key, ASIA = console session) and ' +
        'sourceIPAddress; ask the account owner whether they were working as root at eventTime.',
      'List every call with userIdentity.type Root in the 24 hours around eventTime and check the changes ' +
        '(readOnly false) first: new users, keys, roles, policies, contacts, billing.',
      'If a root access key was used, delete it now; reset the root password and confirm root MFA.',
    ],
    references: [
      'https://docs.aws.amazon.com/IAM/latest/UserGuide/id_root-user.html',
      'https://docs.aws.amazon.com/IAM/latest/UserGuide/root-user-tasks.html',
      'https://attack.mitre.org/techniques/T1078/004/',
    ],
    // Root can call anything, so this detector must see every event; it returns at the first check for the rest.
    events: '*',
  },
  match(event) {
    const { identity } = event;
    if (identity.type !== 'Root' || NOT_A_CALL.has(event.eventType)) return undefined;
    if (identity.invokedBy && !CONSOLE_FRONT_ENDS.has(identity.invokedBy)) return undefined;
    if (isRootKeyCreation(event)) return undefined;
    const { severity, what } = rank(event);
    const where =
      event.recipientAccountId && event.recipientAccountId !== identity.accountId
        ? ` in account ${event.recipientAccountId}`
        : '';
    const verb = event.failed ? 'tried to call' : 'called';
    return {
      severity,
      summary:
        `The root user of account ${identity.accountId} ${verb} ${event.service}:${event.eventName}${where} ` +
        `from ${event.sourceIp}${what ? ` ${what}` : ''}.`,
    };
  },
});
