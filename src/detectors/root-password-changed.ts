/** The root user's password was changed or recovered. */
import { response } from '../cloudtrail/fields.js';
import type { Severity } from '../findings/severity.js';
import { defineDetector } from './detector.js';

// signin.amazonaws.com events for root's password; recovery is the "Forgot password?" flow by email.
const ROOT_PASSWORD_EVENTS: Record<string, { severity: Severity; verb: string }> = {
  PasswordUpdated: { severity: 'high', verb: 'changed the root password' },
  PasswordRecoveryCompleted: { severity: 'high', verb: 'reset the root password by email recovery' },
  PasswordRecoveryRequested: { severity: 'medium', verb: 'requested root password recovery' },
};

export const rootPasswordChanged = defineDetector({
  meta: {
    id: 'root-password-changed',
    title: 'Root password changed or recovered',
    description:
      'Detects the root user changing its password (PasswordUpdated) or going through email password recovery ' +
      '(PasswordRecoveryRequested, PasswordRecoveryCompleted). Whoever sets the root password owns the account ' +
      'and can lock the owner out. Attempts whose responseElements say "Failure" are skipped, as Panther does.',
    category: 'account-change',
    severity: 'high',
    attack: ['T1098', 'T1531'],
    falsePositives: [
      'The account owner rotating the root password on schedule or after staff changes.',
      'An owner who lost the root password and recovered it by email, usually followed by a root ConsoleLogin.',
    ],
    runbook: [
      'Ask the account owner whether they changed or recovered the root password at eventTime from ' +
        'sourceIPAddress; if not, open an AWS Support account-security case at once.',
      'List root ConsoleLogin and every userIdentity.type Root call in the 24 hours after eventTime.',
      'Check the root email mailbox (and its forwarding rules) for the recovery mail and for changes.',
    ],
    references: [
      'https://docs.aws.amazon.com/IAM/latest/UserGuide/root-user-password.html',
      'https://docs.aws.amazon.com/awscloudtrail/latest/userguide/cloudtrail-event-reference-aws-console-sign-in-events.html',
      'https://attack.mitre.org/techniques/T1098/',
    ],
    events: Object.keys(ROOT_PASSWORD_EVENTS),
  },
  match(event) {
    const kind = ROOT_PASSWORD_EVENTS[event.eventName];
    if (!kind || event.identity.type !== 'Root') return undefined;
    if (event.failed || response(event, event.eventName) === 'Failure') return undefined;
    return {
      severity: kind.severity,
      summary: `Someone ${kind.verb} of account ${event.identity.accountId} from ${event.sourceIp}.`,
    };
  },
});
