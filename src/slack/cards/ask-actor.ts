/**
 * "Did you do this?": the DM card to the person behind a principal (Yes / No while pending), its answered and
 * escalated forms, and the line for the incident's thread.
 */

import { ACTION } from '../../block-kit/action-ids.js';
import { actions, button, context, fieldsSection, header, section } from '../../block-kit/builders.js';
import { slackDate } from '../../block-kit/date-token.js';
import { inlineCode, safeText, userMention } from '../../block-kit/text.js';
import type { Block, SlackMessage } from '../../block-kit/types.js';
import type { Ask } from '../../remediation/ask/ask.js';

const MAX_SHOWN = 5;

const codes = (values: readonly string[], max = 80) =>
  values
    .slice(0, MAX_SHOWN)
    .map((v) => inlineCode(v, max))
    .join(', ') || '-';

const more = (values: readonly string[]) =>
  values.length > MAX_SHOWN ? ` and ${values.length - MAX_SHOWN} more` : '';

function whatHappened(ask: Ask): Block[] {
  const s = ask.subject;
  const when =
    s.firstSeen === s.lastSeen
      ? slackDate(s.firstSeen)
      : `${slackDate(s.firstSeen)} to ${slackDate(s.lastSeen)}`;
  const fields = [
    `*Who*\n${inlineCode(s.principalArn, 300)}`,
    `*Account*\n${inlineCode(s.accountId, 20)}`,
    `*When*\n${when}`,
    `*From*\n${codes(s.sourceIPs, 60)}${more(s.sourceIPs)}`,
    `*Calls*\n${codes(s.eventNames, 60)}${more(s.eventNames)}`,
    `*Regions*\n${codes(s.regions, 30)}${more(s.regions)}`,
  ];
  if (s.accessKeyId) fields.push(`*Access key*\n${inlineCode(s.accessKeyId, 40)}`);
  return [section(`*${safeText(s.title, 200)}*\n${safeText(s.summary, 1_000)}`), fieldsSection(fields)];
}

/** The DM card while the ask is pending; once answered or escalated, the matching status replaces the buttons. */
export function renderAskActorCard(ask: Ask): SlackMessage {
  const blocks: Block[] = [
    header('Did you do this?'),
    section('trailwatch saw this activity from an AWS identity linked to you. Was it you?'),
    ...whatHappened(ask),
  ];
  if (ask.status === 'pending') {
    blocks.push(
      actions([
        button('Yes, it was me', ACTION.askYes, { value: ask.id, style: 'primary' }),
        button("No, it wasn't me", ACTION.askNo, { value: ask.id, style: 'danger' }),
      ]),
      context([
        `Please answer within ${ask.timeoutMinutes} minutes (by ${slackDate(ask.dueAt)}); after that the responders are told you did not answer. *No* starts containment of this identity.`,
      ]),
    );
  } else {
    blocks.push(context([statusLine(ask)]));
  }
  return { text: `Did you do this? ${safeText(ask.subject.title, 200)}`, blocks };
}

function statusLine(ask: Ask): string {
  const answer = ask.answer;
  if (answer) {
    const verdict =
      answer.answer === 'yes' ? '✅ answered *yes, it was me*' : "🚨 answered *no, it wasn't me*";
    const reason = answer.reason ? `: ${safeText(answer.reason, 500)}` : '';
    return `${userMention(answer.by)} ${verdict} ${slackDate(answer.at)}${reason}`;
  }
  return `⌛ No answer within ${ask.timeoutMinutes} minutes: the responders were told.`;
}

/** For the incident's thread after the answer (AskReporter.answered). */
export function renderAskAnswered(ask: Ask): SlackMessage {
  const title = safeText(ask.subject.title, 200);
  const no = ask.answer?.answer === 'no';
  const blocks: Block[] = [section(`*Did you do this?* ${title}\n${statusLine(ask)}`)];
  if (no) blocks.push(context(['They did not do it: treat the identity as compromised and contain it.']));
  const text = ask.answer
    ? `${userMention(ask.person)} answered ${ask.answer.answer} to "Did you do this?"`
    : `"Did you do this?" is ${ask.status}`;
  return { text, blocks };
}

/** For the incident's thread when the timeout passes unanswered (AskReporter.escalated). */
export function renderAskEscalation(ask: Ask): SlackMessage {
  const line = `⌛ No answer from ${userMention(ask.person)} in ${ask.timeoutMinutes} minutes to *Did you do this?* (${safeText(ask.subject.title, 200)}), asked ${slackDate(ask.createdAt)}.`;
  return {
    text: `No answer in ${ask.timeoutMinutes} minutes to "Did you do this?"`,
    blocks: [
      section(line),
      context(['Treat the activity as unconfirmed: contain it if the finding warrants it.']),
    ],
  };
}
