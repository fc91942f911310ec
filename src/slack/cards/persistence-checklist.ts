/** The persistence sweep as a checklist: ☐ per call that can keep an intruder in, with what to undo. */

import { context, header, section } from '../../block-kit/builders.js';
import { slackDate } from '../../block-kit/date-token.js';
import { LIMITS } from '../../block-kit/limits.js';
import { escapeAndTruncate, inlineCode, oneLine, safeText } from '../../block-kit/text.js';
import type { Block, SlackMessage } from '../../block-kit/types.js';
import type { ChecklistItem, PersistenceChecklist } from '../../remediation/watch/persistence-sweep.js';

// One section per item, plus header, context and the "more" line: well under 50 blocks, and the items'
// text budget keeps the whole message under Slack's ~13k characters whatever the input.
export const MAX_ITEMS_SHOWN = 20;
const ITEMS_BUDGET = 10_000;
const MAX_ITEM_CHARS = 500;

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** The item's words escaped, its identifiers (key ids, users, ARNs) as inline code. */
export function withCode(text: string, subjects: readonly string[]): string {
  const list = [...new Set(subjects.filter((s) => s.length > 0))].sort((a, b) => b.length - a.length);
  const plain = (t: string) => escapeAndTruncate(oneLine(t), MAX_ITEM_CHARS);
  if (list.length === 0) return plain(text);
  const pattern = new RegExp(list.map(escapeRegExp).join('|'), 'g');
  let out = '';
  let last = 0;
  for (const match of text.matchAll(pattern)) {
    out += plain(text.slice(last, match.index)) + inlineCode(match[0], 200);
    last = match.index + match[0].length;
  }
  return out + plain(text.slice(last));
}

function itemText(item: ChecklistItem): string {
  return [
    `☐ *${safeText(item.eventName, 60)}* · ${slackDate(item.eventTime)} · ${safeText(item.region, 30)} · from ${inlineCode(item.sourceIp, 60)}`,
    withCode(item.what, item.subjects),
    `→ ${withCode(item.todo, item.subjects)}`,
    `event ${inlineCode(item.eventId, 80)}`,
  ].join('\n');
}

function itemSections(items: readonly ChecklistItem[]): Block[] {
  const sections: Block[] = [];
  let used = 0;
  for (const item of items.slice(0, MAX_ITEMS_SHOWN)) {
    const text = itemText(item);
    used += Math.min(text.length, LIMITS.sectionText);
    if (used > ITEMS_BUDGET) break;
    sections.push(section(text));
  }
  return sections;
}

function who(checklist: PersistenceChecklist): string {
  const { accessKeyId, userName, arn } = checklist.principal;
  const parts = [
    accessKeyId ? `key ${inlineCode(accessKeyId, 40)}` : '',
    userName ? `user ${inlineCode(userName, 80)}` : '',
    arn && !userName ? inlineCode(arn, 200) : '',
  ].filter(Boolean);
  return parts.join(' and ');
}

/** For chat.postMessage in the request's thread. */
export function renderPersistenceChecklist(checklist: PersistenceChecklist): SlackMessage {
  const { items } = checklist;
  const blocks: Block[] = [
    header(`Persistence sweep: ${items.length === 0 ? 'nothing found' : `${items.length} to check`}`),
  ];
  blocks.push(
    context([
      `Calls by ${who(checklist)} in account ${inlineCode(checklist.accountId, 20)} from ${slackDate(checklist.window.start)} to ${slackDate(checklist.window.end)} (${checklist.regions.map((r) => safeText(r, 30)).join(', ')}), ${checklist.eventsRead} read`,
    ]),
  );
  if (items.length === 0) {
    blocks.push(
      section(
        '✅ No new access keys, users, roles, trust-policy or policy changes, login profiles, MFA devices or Lambda functions by this principal in the window.',
      ),
    );
  }
  const shown = itemSections(items);
  blocks.push(...shown);
  if (items.length > shown.length) {
    blocks.push(section(`… and ${items.length - shown.length} more persistence calls not shown here.`));
  }
  const notes = ['LookupEvents holds management events only, delivered about 5 minutes late.'];
  if (checklist.truncated)
    notes.unshift('⚠️ More calls than were read in the window: older ones were not checked.');
  blocks.push(context(notes));
  return { text: fallback(checklist), blocks };
}

function fallback(checklist: PersistenceChecklist): string {
  if (checklist.items.length === 0) return 'Persistence sweep: nothing found';
  const names = [...new Set(checklist.items.map((i) => i.eventName))].slice(0, 5).join(', ');
  return `Persistence sweep: ${checklist.items.length} to check (${safeText(names, 200)})`;
}
