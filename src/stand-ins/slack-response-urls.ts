/** response_url endpoints of the fake Slack: each takes 5 posts within 30 minutes, as Slack's do. */
import type { FaultReply } from './slack-faults.js';

/** Slack: a response_url may be used up to 5 times within 30 minutes. */
export const RESPONSE_URL_MAX_USES = 5;
export const RESPONSE_URL_TTL_MS = 30 * 60 * 1000;

export interface ResponseUrlPost {
  id: string;
  /** The posted JSON (Bolt's `respond()` sends JSON), or the raw text when it isn't JSON. */
  body: unknown;
  at: number;
  /** The HTTP status the fake answered: 200, or 404 once used up or expired. */
  status: number;
}

export class ResponseUrls {
  private readonly firstUse = new Map<string, number>();
  private readonly posts: ResponseUrlPost[] = [];

  constructor(private readonly clock: () => number) {}

  /** Opens (or reopens) an id: the 30 minutes run from here. */
  issue(id: string): void {
    if (!this.firstUse.has(id)) this.firstUse.set(id, this.clock());
  }

  accept(id: string, rawBody: string): FaultReply {
    const at = this.clock();
    this.issue(id);
    const issuedAt = this.firstUse.get(id) ?? at;
    const uses = this.posts.filter((p) => p.id === id && p.status === 200).length;
    const error =
      at - issuedAt > RESPONSE_URL_TTL_MS ? 'expired_url' : uses >= RESPONSE_URL_MAX_USES ? 'used_url' : '';
    const status = error ? 404 : 200;
    this.posts.push({ id, body: parseBody(rawBody), at, status });
    // Slack answers a spent or stale response_url with a 404 and a bare error word.
    return error ? { status, body: error, headers: {} } : { status, body: { ok: true }, headers: {} };
  }

  /** Every post to an id, refused ones included (status 404). */
  postsTo(id: string): ResponseUrlPost[] {
    return this.posts.filter((p) => p.id === id).map((p) => structuredClone(p));
  }
}

function parseBody(raw: string): unknown {
  try {
    return JSON.parse(raw);
  } catch {
    const payload = new URLSearchParams(raw).get('payload');
    if (payload === null) return raw;
    try {
      return JSON.parse(payload);
    } catch {
      return raw;
    }
  }
}
