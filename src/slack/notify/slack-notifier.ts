/**
 * The Slack notifier: each incident is one parent card in its channel, each finding a reply in its
 * thread; past MAX_THREAD_REPLIES the rest fold into one digest reply. Posts are claimed in Redis so two
 * workers never post the same message, updates are coalesced, and every write is paced per channel.
 */
import { createHash } from 'node:crypto';
import type { WebClient } from '@slack/web-api';
import type { SlackMessage } from '../../block-kit/types.js';
import type { SlackConfig } from '../../config/slack-config.js';
import type { FindingsStore } from '../../findings/findings-store.js';
import type { IpIntel } from '../../intel/ip-intel.js';
import type { Logger } from '../../logger.js';
import type { Notification, Notifier } from '../../notify/notifier.js';
import { NotifyDelayError } from '../../notify/notify-delay-error.js';
import type { AccessKeyDirectory } from '../../remediation/access-key-directory.js';
import { renderFindingCard } from '../cards/finding-card.js';
import { renderIncidentCard } from '../cards/incident-card.js';
import { createCardContext } from './card-context.js';
import { type MessageRef, type MessageRefs, refKeys } from './message-refs.js';
import { renderDigest } from './render-digest.js';
import { routeFinding } from './route-finding.js';
import type { SlackPacer } from './slack-pacer.js';
import { createSlackWriter } from './slack-writer.js';
import type { UpdateCoalescer } from './update-coalescer.js';

/** Individual replies in one incident's thread; later findings fold into the digest reply. */
export const MAX_THREAD_REPLIES = 20;
/** How soon a job that found another job posting the same message runs again. */
export const PENDING_RETRY_MS = 500;

export interface SlackNotifierOptions {
  /** Built with `rejectRateLimitedCalls: true` and `retryConfig: {retries: 0}`: BullMQ owns retries. */
  client: WebClient;
  config: Pick<SlackConfig, 'channels' | 'minSeverity'>;
  refs: MessageRefs;
  coalescer: UpdateCoalescer;
  pacer: SlackPacer;
  /** Fresh reads for coalesced updates; without it, updates show the notification's own snapshot. */
  findings?: Pick<FindingsStore, 'get' | 'getIncident'>;
  accountNames?: ReadonlyMap<string, string>;
  keyDirectory?: AccessKeyDirectory;
  ipIntel?: IpIntel;
  logger: Logger;
  now?: () => number;
  maxThreadReplies?: number;
}

type Render = () => Promise<SlackMessage>;

function signature(message: SlackMessage): string {
  return createHash('sha256').update(JSON.stringify(message)).digest('hex').slice(0, 24);
}

export function createSlackNotifier(options: SlackNotifierOptions): Notifier {
  const { refs, coalescer, findings, logger } = options;
  const maxReplies = options.maxThreadReplies ?? MAX_THREAD_REPLIES;
  const writer = createSlackWriter(options);
  const cards = createCardContext(options);

  /** The message behind `key`, posting it (rendered now) if no job has yet. */
  async function ensure(
    key: string,
    channel: string,
    threadTs: string | undefined,
    render: Render,
    what: string,
  ) {
    const claim = await refs.claim(key);
    if (claim.state === 'posted') return claim.ref;
    if (claim.state === 'pending') {
      throw new NotifyDelayError(
        PENDING_RETRY_MS,
        `${what} not posted yet: another job is posting it (${key})`,
      );
    }
    try {
      const message = await render();
      const ts = await writer.post(channel, message, threadTs);
      const ref: MessageRef = { channel, ts, sig: signature(message) };
      await refs.save(key, ref, claim.token);
      return ref;
    } catch (error) {
      // Let the next job post it; a failed release only delays that until the claim lapses.
      await refs.release(key, claim.token).catch(() => undefined);
      throw error;
    }
  }

  /** Brings the message up to date from fresh data; skipped when the content would not change. */
  async function refresh(key: string, ref: MessageRef, render: Render): Promise<void> {
    await coalescer.refresh(key, async () => {
      const message = await render();
      const sig = signature(message);
      if ((await refs.get(key))?.sig === sig) return;
      if (await writer.update(ref.channel, ref.ts, message)) await refs.setSig(key, sig);
    });
  }

  function logSkipped({ finding, incident }: Notification, reason: 'below_min_severity' | 'no_channel') {
    const fields = { findingId: finding.id, incidentId: incident.id, severity: finding.severity, reason };
    if (reason === 'no_channel') {
      logger.info(
        fields,
        'finding not posted to Slack: no Slack channel routed (no route matched, no default)',
      );
    } else {
      logger.debug(fields, 'finding not posted to Slack: below slack.minSeverity');
    }
  }

  function renderers(n: Notification) {
    const { incident, finding } = n;
    return {
      parent: async () => {
        const fresh = (await findings?.getIncident(incident.id)) ?? incident;
        const keyInfo = await cards.keyInfo(fresh.accessKeyId, fresh.accountId);
        return renderIncidentCard(fresh, {
          accountName: cards.accountName(fresh.accountId),
          keyInfo,
          minSeverity: options.config.minSeverity,
        });
      },
      reply: async () => {
        const fresh = (await findings?.get(finding.id)) ?? finding;
        const accountId = fresh.principal.accountId;
        const keyInfo = await cards.keyInfo(fresh.accessKeyId, accountId);
        const ipInfo = cards.ipInfo(fresh);
        return renderFindingCard(fresh, {
          compact: true,
          accountName: cards.accountName(accountId),
          keyInfo,
          ipInfo,
        });
      },
      digest: async () => renderDigest(await refs.folded(incident.id)),
    };
  }

  return {
    async notify(n) {
      const { finding, incident } = n;
      const route = routeFinding(finding, options.config);
      if (!route.post) {
        logSkipped(n, route.reason);
        return;
      }
      const render = renderers(n);
      // The thread lives where the parent was posted: the channel routed for the incident's first posted finding.
      const parentKey = refKeys.parent(incident.id);
      const parent = await ensure(parentKey, route.channel, undefined, render.parent, 'parent card');

      const replyKey = refKeys.reply(finding.id);
      const reply = await refs.get(replyKey);
      const slot = reply ? 0 : await refs.slot(incident.id, finding.id, finding.detector, maxReplies);
      if (reply || slot <= maxReplies) {
        const ref = await ensure(replyKey, parent.channel, parent.ts, render.reply, 'finding reply');
        await refresh(replyKey, ref, render.reply);
      } else {
        const digestKey = refKeys.digest(incident.id);
        const ref = await ensure(digestKey, parent.channel, parent.ts, render.digest, 'digest reply');
        await refresh(digestKey, ref, render.digest);
      }
      await refresh(parentKey, parent, render.parent);
    },
  };
}
