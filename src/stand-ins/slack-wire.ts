/** Wire helpers for the Slack fakes: decoding Web API request bodies and writing Slack-shaped replies. */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { send } from './aws-wire.js';

export type SlackArgs = Record<string, unknown>;

/**
 * Fields WebClient sends as JSON-encoded strings inside a form body (it JSON-encodes every non-scalar
 * argument). Only these are decoded, so a `text` that happens to look like JSON stays text.
 */
const JSON_FIELDS = new Set(['blocks', 'attachments', 'view', 'metadata', 'unfurls', 'user_auth_blocks']);

function decodeJsonFields(args: SlackArgs): SlackArgs {
  const out: SlackArgs = { ...args };
  for (const [key, value] of Object.entries(out)) {
    if (!JSON_FIELDS.has(key) || typeof value !== 'string') continue;
    try {
      out[key] = JSON.parse(value);
    } catch {
      // Left as the string Slack would reject (`invalid_blocks`); the fake records what it got.
    }
  }
  return out;
}

/** Reads the arguments of a Web API call: WebClient posts form-urlencoded; curl and others may post JSON. */
export function parseSlackArgs(
  contentType: string | undefined,
  rawBody: string,
  query: URLSearchParams,
): SlackArgs {
  const args: SlackArgs = Object.fromEntries(query);
  const type = (contentType ?? '').split(';')[0]?.trim().toLowerCase();
  if (type === 'application/json' && rawBody.trim() !== '') {
    const parsed: unknown = JSON.parse(rawBody);
    if (parsed && typeof parsed === 'object') Object.assign(args, parsed);
  } else if (rawBody !== '') {
    Object.assign(args, Object.fromEntries(new URLSearchParams(rawBody)));
  }
  return decodeJsonFields(args);
}

/** Slack takes the token from `Authorization: Bearer …` and, for form posts, from a `token` field. */
export function tokenOf(req: IncomingMessage, args: SlackArgs): string | undefined {
  const header = req.headers.authorization;
  const match = header ? /^Bearer\s+(\S+)$/i.exec(header) : null;
  if (match?.[1]) return match[1];
  return typeof args.token === 'string' && args.token !== '' ? args.token : undefined;
}

/** The Web API answers HTTP 200 with `ok:false` for every error except rate limits and outages. */
export function sendSlackJson(
  res: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): void {
  send(res, status, JSON.stringify(body), { 'content-type': 'application/json; charset=utf-8', ...headers });
}

/** Slack's message timestamps are `seconds.micros` strings, unique and increasing within a workspace. */
export function createTsSource(clock: () => number): () => string {
  let lastMicros = 0;
  return () => {
    lastMicros = Math.max(lastMicros + 1, Math.floor(clock() * 1000));
    const seconds = Math.floor(lastMicros / 1_000_000);
    return `${seconds}.${String(lastMicros % 1_000_000).padStart(6, '0')}`;
  };
}
