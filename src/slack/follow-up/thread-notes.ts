/**
 * One message per (request or incident, topic) in a thread, posted once then updated: the watch's rounds
 * and reports that may be told twice (a retried round) never post twice.
 */
import type { WebClient } from '@slack/web-api';
import type { Cluster, Redis } from 'ioredis';
import type { SlackMessage } from '../../block-kit/types.js';

export interface ThreadNotes {
  /** Posts `message` in the thread of `where`, or updates the note already posted under `key`. */
  put(key: string, where: { channel: string; threadTs?: string }, message: SlackMessage): Promise<void>;
}

// Notes live as long as the requests and incidents they belong to.
const TTL_SECONDS = 90 * 24 * 3_600;

export function createThreadNotes(options: {
  client: WebClient;
  redis: Redis | Cluster;
  prefix: string;
}): ThreadNotes {
  const { client, redis, prefix } = options;
  return {
    async put(key, where, message) {
      const redisKey = `${prefix}note:${key}`;
      const known = await redis.get(redisKey);
      const content = { text: message.text, blocks: message.blocks as never };
      if (known) {
        await client.chat.update({ channel: where.channel, ts: known, ...content });
        return;
      }
      const posted = await client.chat.postMessage({
        channel: where.channel,
        ...(where.threadTs ? { thread_ts: where.threadTs } : {}),
        ...content,
      });
      if (posted.ts) await redis.set(redisKey, posted.ts, 'EX', TTL_SECONDS);
    },
  };
}
