/**
 * Renders one who-did answer (what was searched, and one line per caller, key and source IP, newest first),
 * and the query's state that the "More" button carries.
 */
import { ACTION } from '../src/block-kit/action-ids.js';
import { capBlocks, context, section } from '../src/block-kit/builders.js';
import { escapeMrkdwn, inlineCode } from '../src/block-kit/text.js';
import { LOOKUP_ATTRIBUTE_KEYS, type LookupAttributeKey } from '../src/cloudtrail/lookup-events-port.js';
import type { OnDemandResult } from '../src/cloudtrail/on-demand-lookup.js';
import { type CallerGroup, groupByCaller } from './caller-groups.js';
import type { CommandContext, CommandReply } from './command.js';

export interface WhoDidView {
  state: WhoDidState;
  /** e.g. `prod (123456789012)`. */
  accountLabel: string;
  /** Why this attribute; absent on "more" pages. */
  because?: string;
  result: OnDemandResult;
  /** The More button's value; undefined when there is no more, or its state could not be kept. */
  moreValue?: string;
}

// 50 blocks at most: a header, up to 40 groups, a note, a context line and the button fit.
const MAX_GROUPS = 40;

export function renderWhoDid(view: WhoDidView): CommandReply {
  const { state, result } = view;
  const groups = groupByCaller(result.events);
  const header = headerText(view, groups.length);
  const blocks: unknown[] = [section(header)];
  for (const group of groups.slice(0, MAX_GROUPS)) blocks.push(section(groupText(group)));
  const notes = notesFor(view, groups.length);
  if (notes.length) blocks.push(context([notes.join(' · ')]));
  if (view.moreValue) {
    blocks.push({
      type: 'actions',
      elements: [
        {
          type: 'button',
          action_id: ACTION.whoDidMore,
          text: { type: 'plain_text', text: `More (after ${state.shown + result.events.length})` },
          value: view.moreValue,
        },
      ],
    });
  }
  const text = `who-did ${state.key} ${state.value}: ${result.events.length} events`;
  return { text: escapeMrkdwn(text), blocks: capBlocks(blocks) };
}

function headerText(view: WhoDidView, groupCount: number): string {
  const { state, result } = view;
  const where = `${escapeMrkdwn(view.accountLabel)} · ${escapeMrkdwn(state.region)}`;
  const window = `${isoMinute(state.start)} → ${isoMinute(state.end)}`;
  const searched = `:mag: *who-did* ${inlineCode(state.value)} searched by *${state.key}*`;
  const why = view.because ? ` (${escapeMrkdwn(view.because)})` : '';
  const from = state.shown ? `events ${state.shown + 1}–${state.shown + result.events.length}` : '';
  const count = result.events.length
    ? `*${result.events.length} events* from ${groupCount} caller${groupCount === 1 ? '' : 's'}, newest first${from ? ` (${from})` : ''}`
    : emptyText(state);
  return `${searched}${why}\n${where} · ${window}\n${count}`;
}

function emptyText(state: WhoDidState): string {
  const hint =
    state.key === 'Username'
      ? ' To search for an API call or a resource instead, add `--by EventName` or `--by ResourceName`.'
      : '';
  return (
    'No events matched. LookupEvents holds management events only (no S3 data events), one region per ' +
    `query, and shows an event about 5 minutes after the call.${hint}`
  );
}

function groupText(group: CallerGroup): string {
  const key = group.accessKeyId ? ` · key ${inlineCode(group.accessKeyId)}` : '';
  const source = group.sourceIp ? ` · from ${inlineCode(group.sourceIp)}` : '';
  const calls = group.eventNames
    .slice(0, 5)
    .map(([name, n]) => `${escapeMrkdwn(name)}${n > 1 ? ` ×${n}` : ''}`)
    .join(', ');
  const more = group.eventNames.length > 5 ? `, +${group.eventNames.length - 5} more` : '';
  const failed = group.failed ? ` (${group.failed} failed)` : '';
  return [
    `*${escapeMrkdwn(group.who)}*${key}${source}`,
    `${group.count} call${group.count === 1 ? '' : 's'}${failed}, newest ${escapeMrkdwn(group.newestTime)} · ` +
      `${escapeMrkdwn(group.userAgents.join(', '))} · ${escapeMrkdwn(group.regions.join(', '))}`,
    `${calls}${more}`,
  ].join('\n');
}

function notesFor(view: WhoDidView, groupCount: number): string[] {
  const notes: string[] = [];
  if (groupCount > MAX_GROUPS) notes.push(`${groupCount - MAX_GROUPS} more callers not shown`);
  if (view.result.malformed) notes.push(`${view.result.malformed} unreadable records skipped`);
  if (view.result.nextToken && !view.moreValue) {
    notes.push('CloudTrail has more events: narrow `--since` to see them');
  } else if (view.moreValue) {
    notes.push('CloudTrail has more events');
  }
  return notes;
}

function isoMinute(ms: number): string {
  return `${new Date(ms).toISOString().slice(0, 16)}Z`;
}

/**
 * A who-did query's state, and its round trip through the "More" button's value: inline (base64url JSON)
 * when it fits Slack's 2,000 characters, else an id in the continuation store.
 */

export interface WhoDidState {
  accountId: string;
  region: string;
  key: LookupAttributeKey;
  value: string;
  /** Epoch ms: a continuation must send the first call's window again, to the millisecond. */
  start: number;
  end: number;
  nextToken?: string;
  /** How many events earlier answers showed (0 for the first). */
  shown: number;
}

// Slack: a button's value is at most 2,000 characters; leave room for the prefix.
const MAX_VALUE = 1_990;
const INLINE = 'i:';
const STORED = 's:';

export async function encodeState(
  state: WhoDidState,
  ctx: Pick<CommandContext, 'continuations'>,
): Promise<string | undefined> {
  const json = JSON.stringify([
    state.accountId,
    state.region,
    state.key,
    state.value,
    state.start,
    state.end,
    state.nextToken ?? '',
    state.shown,
  ]);
  const inline = INLINE + Buffer.from(json).toString('base64url');
  if (inline.length <= MAX_VALUE) return inline;
  if (!ctx.continuations) return undefined;
  return STORED + (await ctx.continuations.put(json));
}

/** undefined when the value is not one of ours, or its stored state expired. */
export async function decodeState(
  value: string,
  ctx: Pick<CommandContext, 'continuations'>,
): Promise<WhoDidState | undefined> {
  let json: string | undefined;
  if (value.startsWith(INLINE)) json = Buffer.from(value.slice(INLINE.length), 'base64url').toString('utf8');
  else if (value.startsWith(STORED)) json = await ctx.continuations?.get(value.slice(STORED.length));
  if (json === undefined) return undefined;
  try {
    return fromTuple(JSON.parse(json));
  } catch {
    return undefined;
  }
}

function fromTuple(parsed: unknown): WhoDidState | undefined {
  if (!Array.isArray(parsed) || parsed.length !== 8) return undefined;
  const [accountId, region, key, value, start, end, nextToken, shown] = parsed as unknown[];
  const strings = [accountId, region, key, value, nextToken].every((s) => typeof s === 'string');
  const numbers = [start, end, shown].every((n) => typeof n === 'number' && Number.isFinite(n));
  if (!strings || !numbers || !LOOKUP_ATTRIBUTE_KEYS.includes(key as LookupAttributeKey)) return undefined;
  return {
    accountId: accountId as string,
    region: region as string,
    key: key as LookupAttributeKey,
    value: value as string,
    start: start as number,
    end: end as number,
    ...(nextToken ? { nextToken: nextToken as string } : {}),
    shown: shown as number,
  };
}
