/** What Contain will do, before anyone approves it: the plan, the AWS calls, and the two-person rule. */
import type { AccessKeyInfo } from '../../aws/access-key-directory.js';
import type { FindingPrincipal } from '../../findings/finding.js';
import { context, header, section } from '../blocks/builders.js';
import { inlineCode } from '../blocks/text.js';
import type { EphemeralMessage } from '../blocks/types.js';
import { accountLine, roleSession } from './principal-text.js';

export interface ContainTarget {
  principal: FindingPrincipal;
  accessKeyId?: string;
  /** GetAccessKeyLastUsed's answer: whose key it is. */
  keyInfo?: AccessKeyInfo;
  accountName?: string;
}

export interface ContainExplainerOptions {
  /** false until the remediation job ships: the steps are then to be done by hand. */
  automatic?: boolean;
  /** How long the key and principal are watched after containment. */
  watchMinutes?: number;
}

// A shell-safe token for the CLI hints: anything unusual becomes a placeholder, never a command.
function cli(value: string | undefined, placeholder: string): string {
  return value && /^[\w+=,.@-]{1,128}$/.test(value) ? value : placeholder;
}

function keyStep(t: ContainTarget): string | undefined {
  if (!t.accessKeyId) return undefined;
  const user = t.keyInfo?.userName ?? t.principal.userName;
  const command = `aws iam update-access-key --user-name ${cli(user, 'USER')} --access-key-id ${cli(t.accessKeyId, 'KEY_ID')} --status Inactive`;
  return `*Deactivate the key* ${inlineCode(t.accessKeyId, 40)} (reversible): ${inlineCode(command, 300)}`;
}

function sessionStep(t: ContainTarget): string {
  const session = roleSession(t.principal.arn);
  const whose = session
    ? `role ${inlineCode(session.role, 120)}`
    : `${inlineCode(t.principal.userName ?? t.principal.arn, 200)}`;
  return `*Revoke sessions* already minted (they outlive the key by up to 36 h): attach an inline deny on \`aws:TokenIssueTime\` older than now to ${whose} (the AWSRevokeOlderSessions pattern).`;
}

/** An ephemeral message for the person who pressed Contain. */
export function renderContainExplainer(
  target: ContainTarget,
  options: ContainExplainerOptions = {},
): EphemeralMessage {
  const watch = options.watchMinutes ?? 30;
  const steps = [keyStep(target), sessionStep(target)].filter((s): s is string => !!s);
  steps.push(
    `*Watch* CloudTrail for the key and principal for ${watch} min, and sweep the incident window for new keys, users, roles and trust-policy edits.`,
  );
  const mode = options.automatic
    ? 'trailwatch will make these calls once a *second, authorised person approves*; you cannot approve your own request.'
    : 'One-click containment is *not enabled yet*: do these steps by hand, and have a *second, authorised person* check them before you run them.';
  return {
    response_type: 'ephemeral',
    text: 'What Contain does: deactivate the key, revoke its sessions, then watch. A second person must approve.',
    blocks: [
      header('🛑 Contain: what will happen'),
      section(`Account ${accountLine(target.principal.accountId, target.accountName)}`),
      section(steps.map((s, i) => `${i + 1}. ${s}`).join('\n')),
      context([mode, 'Nobody acts alone on production IAM.']),
    ],
  };
}
