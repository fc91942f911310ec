/** Ephemeral refusals ("you are not allowed to …", and who is) and error replies that never leak internals. */

import { context, section } from '../../block-kit/builders.js';
import { inlineCode, safeText, userMention } from '../../block-kit/text.js';
import type { EphemeralMessage } from '../../block-kit/types.js';
import { TrailwatchError } from '../../errors.js';
import type { ApprovalRefusal } from '../../remediation/approval-policy.js';

/** Who may do an action, as the config says (a summary: ids only). */
export interface AuthorisedSummary {
  /** Slack user ids. */
  userIds: readonly string[];
  /** Slack user group ids (S…), whose members may act. */
  userGroupIds: readonly string[];
}

export interface RefusalInput {
  /** What was refused, as a verb phrase: "approve this containment". */
  action: string;
  /** Why, when it is not simply "not on the list": "you requested it yourself". */
  reason?: string;
  authorised: AuthorisedSummary;
}

const MAX_NAMED = 10;

function whoMay(summary: AuthorisedSummary): string {
  const users = summary.userIds.map(userMention);
  const groups = summary.userGroupIds.map((g) =>
    /^S[A-Z0-9]{2,30}$/.test(g) ? `<!subteam^${g}>` : safeText(g, 40),
  );
  const all = [...users, ...groups];
  if (all.length === 0) return 'Nobody is configured for this yet: ask an admin to set it in trailwatch.yml.';
  const shown = all.slice(0, MAX_NAMED).join(', ');
  return `Who may: ${shown}${all.length > MAX_NAMED ? `, and ${all.length - MAX_NAMED} more` : ''}.`;
}

export function renderRefusal(input: RefusalInput): EphemeralMessage {
  const action = safeText(input.action, 200);
  const reason = input.reason ? ` (${safeText(input.reason, 300)})` : '';
  return {
    response_type: 'ephemeral',
    text: `You are not allowed to ${action}.`,
    blocks: [section(`🚫 You are not allowed to ${action}${reason}.`), context([whoMay(input.authorised)])],
  };
}

export interface ErrorReplyInput {
  error: unknown;
  /** A correlation id the logs carry, so a responder can quote it. */
  reference?: string;
  /** What was being attempted: "acknowledge the finding". */
  doing?: string;
}

/**
 * Only a TrailwatchError's code and first message line are shown (they are written for people); anything
 * else may carry hostnames, ARNs or SDK internals, so it shows nothing but a reference. Never a stack.
 */
export function renderErrorReply(input: ErrorReplyInput): EphemeralMessage {
  const doing = input.doing ? ` while trying to ${safeText(input.doing, 150)}` : '';
  const lines = [`⚠️ Something went wrong${doing}.`];
  if (input.error instanceof TrailwatchError) {
    const first = input.error.message.split('\n')[0] ?? '';
    lines.push(`${safeText(first, 300)} (${inlineCode(input.error.code, 80)})`);
  }
  const ref = input.reference ? `Reference ${inlineCode(input.reference, 80)}: ` : '';
  return {
    response_type: 'ephemeral',
    text: `Something went wrong${doing}.`,
    blocks: [
      section(lines.join('\n')),
      context([`${ref}try again, or ask an admin to check trailwatch's logs.`]),
    ],
  };
}

/**
 * An approve/deny refusal's sentence, escaped like any text; the one mention it is written with (who
 * decided first, an id from Slack's own payload) is put back, and nothing else can become one.
 */
export function approvalRefusalText(refusal: Pick<ApprovalRefusal, 'message' | 'decidedBy'>): string {
  const text = `:no_entry: ${safeText(refusal.message, 500)}`;
  const by = refusal.decidedBy;
  if (!by || userMention(by) === safeText(by, 80)) return text;
  return text.replaceAll(`&lt;@${by}&gt;`, userMention(by));
}
