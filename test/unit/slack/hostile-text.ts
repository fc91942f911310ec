/**
 * Hostile text for every writer, and the check that none of it survives as a Slack control sequence: a
 * broadcast (`<!here>`), a mention, a link, a raw `&` or half an entity cut by truncation.
 */
import { mrkdwnText } from './sample-finding.js';

/** Every control sequence at once, short enough to be shown whole. */
export const HOSTILE =
  '<!here> <!channel> <!everyone> <@U123> <#C123> <!subteam^S123> & &amp; <https://x|y> `tick` ```block``` *bold* _it_ ~s~ > quote';

/** 5,000 characters dense with `&<>` and backticks, so a cut at any limit lands beside an entity. */
export const HOSTILE_LONG = `${HOSTILE} ${'&<!here>`&'.repeat(500)}`.slice(0, 5_000);

// Keys whose values pick a branch (enums, statuses): a hostile value there tests nothing but the type system.
const STRUCTURAL = new Set([
  'status',
  'severity',
  'category',
  'categories',
  'type',
  'kind',
  'via',
  'answer',
  'duration',
]);

/** A copy of `value` with every string (but the structural ones) replaced by `text`. */
export function hostile<T>(value: T, text: string): T {
  const walk = (node: unknown, key?: string): unknown => {
    if (key !== undefined && STRUCTURAL.has(key)) return node;
    if (typeof node === 'string') return text;
    if (Array.isArray(node)) return node.map((each) => walk(each));
    if (node instanceof Map) return new Map([...node].map(([k, v]) => [k, walk(v)]));
    if (node && typeof node === 'object') {
      return Object.fromEntries(Object.entries(node).map(([k, v]) => [k, walk(v, k)]));
    }
    return node;
  };
  return walk(value) as T;
}

// What trailwatch itself writes between `<` and `>`: date tokens, and mentions of ids it was given as ids.
const DATE_TOKEN = /^<!date\^\d+\^[^|<>]*\|[^<>]*>$/;

/**
 * Problems in the mrkdwn a message carries (its `text` fallback and every mrkdwn object): each `<…>` must
 * be a date token or a mention of one of `trustedIds`; each `&` must start `&amp;`, `&lt;` or `&gt;`.
 */
export function mrkdwnProblems(
  message: string | { text?: string; blocks?: unknown[] },
  trustedIds: readonly string[] = [],
): string[] {
  const text =
    typeof message === 'string' ? message : mrkdwnText({ ...message, blocks: message.blocks ?? [] });
  const problems: string[] = [];
  const trusted = new Set(trustedIds.map((id) => `<@${id}>`));
  const rest = text.replace(/<[^<>]*>?/g, (token) => {
    if (!DATE_TOKEN.test(token) && !trusted.has(token))
      problems.push(`control sequence ${token.slice(0, 40)}`);
    return '';
  });
  if (rest.includes('>')) problems.push('a raw ">"');
  const entity = /&(?!amp;|lt;|gt;)[^\s]{0,6}/.exec(text);
  if (entity) problems.push(`a raw "&" or a split entity: ${entity[0]}`);
  return problems;
}
