/** Paced, checked chat.postMessage and chat.update: every message passes Block Kit's limits before it goes. */
import type { Block, KnownBlock, WebClient } from '@slack/web-api';
import { checkMessage } from '../../block-kit/limits.js';
import type { SlackMessage } from '../../block-kit/types.js';
import type { Logger } from '../../logger.js';
import { NotifyRefusedError } from '../../notify/notify-refused-error.js';
import { classifySlackError, slackErrorOf } from './slack-errors.js';
import type { SlackPacer } from './slack-pacer.js';

export interface SlackWriter {
  /** Posts to `channel` (in the thread of `threadTs` when given) and answers the new message's ts. */
  post(channel: string, message: SlackMessage, threadTs?: string): Promise<string>;
  /** Replaces the message; false when it no longer exists (deleted in Slack), which is not retried. */
  update(channel: string, ts: string, message: SlackMessage): Promise<boolean>;
}

export interface SlackWriterOptions {
  client: WebClient;
  pacer: SlackPacer;
  logger: Logger;
}

// The renderers' output is typed for Block Kit; the Web API's argument types are wider but different.
type Blocks = (KnownBlock | Block)[];

export function createSlackWriter({ client, pacer, logger }: SlackWriterOptions): SlackWriter {
  function checked(channel: string, message: SlackMessage): SlackMessage {
    const violations = checkMessage(message);
    if (violations.length === 0) return message;
    // A renderer bug: Slack would refuse it (invalid_blocks) every time.
    logger.error(
      { channel, violations: violations.slice(0, 5) },
      'message breaks Block Kit limits; not sent',
    );
    throw new NotifyRefusedError(channel, 'block_kit_limits');
  }

  return {
    async post(channel, message, threadTs) {
      const { text, blocks } = checked(channel, message);
      await pacer.acquire('post', channel);
      try {
        const answer = await client.chat.postMessage({
          channel,
          text,
          blocks: blocks as unknown as Blocks,
          ...(threadTs ? { thread_ts: threadTs } : {}),
          unfurl_links: false,
          unfurl_media: false,
        });
        return String(answer.ts);
      } catch (error) {
        throw classifySlackError(error, 'chat.postMessage', channel);
      }
    },
    async update(channel, ts, message) {
      const { text, blocks } = checked(channel, message);
      await pacer.acquire('update', channel);
      try {
        await client.chat.update({ channel, ts, text, blocks: blocks as unknown as Blocks });
        return true;
      } catch (error) {
        if (slackErrorOf(error) !== 'message_not_found')
          throw classifySlackError(error, 'chat.update', channel);
        logger.warn({ channel, ts }, 'message to update no longer exists in Slack; left as is');
        return false;
      }
    },
  };
}
