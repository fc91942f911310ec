/**
 * A who-did query's state, and its round trip through the "More" button's value: inline (base64url JSON)
 * when it fits Slack's 2,000 characters, else an id in the continuation store.
 */
import { LOOKUP_ATTRIBUTE_KEYS, type LookupAttributeKey } from '../src/cloudtrail/on-demand-lookup.js';
import type { CommandContext } from './command.js';

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
