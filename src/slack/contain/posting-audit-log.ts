/** The audit log, also said in the audit channel: the stream is the record, the channel is for people. */
import type { WebClient } from '@slack/web-api';
import type { Logger } from '../../logger.js';
import type { AuditLog } from '../../remediation/audit-log.js';
import { renderAuditLine } from '../cards/audit-line.js';

export function postingAuditLog(
  inner: AuditLog,
  options: { client: WebClient; channel?: string; logger: Logger },
): AuditLog {
  const { client, channel, logger } = options;
  return {
    list: (count) => inner.list(count),
    async append(entry) {
      const id = await inner.append(entry);
      if (channel) {
        // The entry is already in the stream: a failed post is logged, never thrown back at the action.
        await client.chat
          .postMessage({ channel, text: renderAuditLine(entry), unfurl_links: false })
          .catch((error: unknown) =>
            logger.warn({ err: error, requestId: entry.requestId }, 'audit line not posted'),
          );
      }
      return id;
    },
  };
}
