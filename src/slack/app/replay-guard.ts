/**
 * Refuses a Slack request whose signature was seen before. Bolt refuses forged signatures and timestamps
 * older than five minutes; inside those five minutes a captured request could be sent again, and a
 * replayed click must not act twice. Slack signs each delivery (retries included) afresh.
 */
import type { IncomingMessage, RequestListener, ServerResponse } from 'node:http';
import type { Cluster, Redis } from 'ioredis';
import type { Logger } from '../../logger.js';

// Bolt refuses a timestamp older than 5 minutes: a signature need be remembered a little longer.
const REMEMBER_SECONDS = 10 * 60;

export interface ReplayGuardOptions {
  redis: Redis | Cluster;
  /** Hash-tagged, e.g. `{trailwatch}:slack:`. */
  prefix: string;
  logger: Logger;
}

function refuse(res: ServerResponse): void {
  res.writeHead(401, { 'content-type': 'application/json' });
  res.end(JSON.stringify({ error: 'replayed_request' }));
}

export function guardReplays(listener: RequestListener, options: ReplayGuardOptions): RequestListener {
  const { redis, prefix, logger } = options;
  return (req: IncomingMessage, res: ServerResponse) => {
    const signature = req.headers['x-slack-signature'];
    // Unsigned requests go on to Bolt, which refuses them.
    if (typeof signature !== 'string' || signature === '') return listener(req, res);
    redis
      .set(`${prefix}seen:${signature}`, '1', 'EX', REMEMBER_SECONDS, 'NX')
      .then((first) => {
        if (first === 'OK') return listener(req, res);
        logger.warn({ path: req.url }, 'refused a replayed Slack request (its signature was seen before)');
        req.resume();
        refuse(res);
      })
      .catch((error: unknown) => {
        // Without Redis the guard can't tell: refuse rather than risk acting twice; Slack retries.
        logger.error({ err: error }, 'replay check failed; refusing the Slack request');
        req.resume();
        res.writeHead(503).end();
      });
  };
}
