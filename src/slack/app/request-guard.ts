/**
 * Stands in front of Bolt's HTTP receiver: reads the body (bounded), checks signature and timestamp,
 * refuses a body that is not a JSON object, remembers a verified signature so a replay is refused, and
 * only then hands the request to Bolt. Bolt reads a body it is given (`rawBody`) instead of the stream.
 *
 * Why not leave it to Bolt: Bolt parses the body in a detached promise and reads `body.ssl_check`, so a
 * signed `payload=null` rejected that promise and Node ended the process; Bolt refuses only old
 * timestamps, not future ones; and a signature remembered before it was verified let an unsigned copy,
 * sent first, make the genuine request fail.
 */
import type { IncomingMessage, RequestListener, ServerResponse } from 'node:http';
import { parse as parseQuery } from 'node:querystring';
import { HTTPModuleFunctions } from '@slack/bolt';
import type { Cluster, Redis } from 'ioredis';
import type { Logger } from '../../logger.js';
import { checkSlackRequest } from './verify-slack-request.js';

// A signature stays valid for five minutes either side of now: remember it a little longer than that.
const REMEMBER_SECONDS = 15 * 60;

export interface RequestGuardOptions {
  signingSecret: string;
  redis: Redis | Cluster;
  /** Hash-tagged, e.g. `{trailwatch}:slack:`. */
  prefix: string;
  logger: Logger;
  /** Epoch ms; injectable for tests. */
  now?: () => number;
  /** Bytes; default Bolt's (4 MB). */
  bodyLimit?: number;
}

type Refusal = { status: number; error: string };

function answer(res: ServerResponse, refusal: Refusal): void {
  if (res.headersSent) {
    res.destroy();
    return;
  }
  res.writeHead(refusal.status, { 'content-type': 'application/json' });
  res.end(JSON.stringify({ error: refusal.error }));
}

/** Every payload Slack sends is a JSON object; anything else (`null`, an array, a number) is refused. */
function isObjectBody(req: IncomingMessage & { rawBody: Buffer }): boolean {
  try {
    const body: unknown = HTTPModuleFunctions.parseHTTPRequestBody(req);
    return typeof body === 'object' && body !== null && !Array.isArray(body);
  } catch {
    return false;
  }
}

/** Slack's unsigned `ssl_check=1` probe of a slash command URL: answered here, nothing runs. */
function isSslCheck(req: IncomingMessage, raw: string): boolean {
  return (
    req.headers['content-type'] === 'application/x-www-form-urlencoded' && parseQuery(raw).ssl_check === '1'
  );
}

export function guardSlackRequests(listener: RequestListener, options: RequestGuardOptions): RequestListener {
  const { redis, prefix, logger } = options;
  const now = options.now ?? Date.now;
  const bodyLimit = options.bodyLimit ?? HTTPModuleFunctions.defaultBodyLimit;

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<Refusal | undefined> {
    if (req.method !== 'POST') return { status: 405, error: 'method_not_allowed' };
    let buffered: IncomingMessage & { rawBody: Buffer };
    try {
      buffered = await HTTPModuleFunctions.bufferIncomingMessage(req, bodyLimit);
    } catch (error) {
      const tooLarge = HTTPModuleFunctions.isRawBodyError(error) && error.statusCode === 413;
      return tooLarge ? { status: 413, error: 'body_too_large' } : { status: 400, error: 'body_unreadable' };
    }
    const raw = buffered.rawBody.toString();
    if (isSslCheck(req, raw)) {
      res.writeHead(200).end();
      return undefined;
    }
    const check = checkSlackRequest({
      signature: req.headers['x-slack-signature'],
      timestamp: req.headers['x-slack-request-timestamp'],
      body: raw,
      signingSecret: options.signingSecret,
      nowMs: now(),
    });
    if (!check.ok) {
      logger.warn({ path: req.url, code: check.code }, `refused a Slack request: ${check.why}`);
      return { status: 401, error: check.code };
    }
    if (!isObjectBody(buffered)) {
      logger.warn({ path: req.url }, 'refused a signed Slack request whose body is not a JSON object');
      return { status: 400, error: 'malformed_body' };
    }
    // Only a verified signature is remembered: an unsigned or forged copy can't spend a genuine one.
    const first = await redis
      .set(`${prefix}seen:${check.signature}`, '1', 'EX', REMEMBER_SECONDS, 'NX')
      .catch((error: unknown) => {
        // Without Redis the guard can't tell a replay: refuse rather than risk acting twice; Slack retries.
        logger.error({ err: error }, 'replay check failed; refusing the Slack request');
        return 'unknown' as const;
      });
    if (first === 'unknown') return { status: 503, error: 'replay_check_unavailable' };
    if (first !== 'OK') {
      logger.warn({ path: req.url }, 'refused a replayed Slack request (its signature was seen before)');
      return { status: 401, error: 'replayed_request' };
    }
    listener(buffered, res);
    return undefined;
  }

  return (req, res) => {
    // The last resort: whatever a request does, it is answered and logged, never left to end the process.
    handle(req, res)
      .then((refusal) => {
        if (!refusal) return;
        req.resume();
        answer(res, refusal);
      })
      .catch((error: unknown) => {
        logger.error({ err: error, path: req.url }, 'Slack request failed');
        answer(res, { status: 500, error: 'internal_error' });
      });
  };
}
