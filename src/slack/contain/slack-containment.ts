/** The ContainPort over the remediation service: Contain offers options, a request card asks for approval. */
import type { CommandReply } from '../../../commands/command.js';
import { ACTION } from '../../block-kit/action-ids.js';
import { actions, button, section } from '../../block-kit/builders.js';
import { safeText } from '../../block-kit/text.js';
import type { FindingsStore } from '../../findings/findings-store.js';
import type { Logger } from '../../logger.js';
import type { Approvers } from '../../remediation/approval-policy.js';
import type { RemediationService } from '../../remediation/remediation-service.js';
import { approvalRefusalText } from '../cards/refusal.js';
import type { ContainPort } from '../listeners/deps.js';
import type { RequestCards } from './request-cards.js';

export interface SlackContainmentOptions {
  service: RemediationService;
  findings: FindingsStore;
  cards: RequestCards;
  /** The approvers as they stand now (user ids and members of the approver groups), for this clicker. */
  approvers: (userId: string) => Promise<Approvers>;
  /** Where an incident's card is, for requests opened away from it (an answer in a DM). */
  threadOf?: (incidentId: string) => Promise<{ channel: string; threadTs?: string } | undefined>;
  logger: Logger;
}

const said = (text: string): CommandReply => ({ text, blocks: [section(text)] });

export interface SlackContainment extends ContainPort {
  /** Opens the first containment option of a finding (deactivating its key, when it has one); says what came of it. */
  requestFirst(findingId: string, requestedBy: string): Promise<string>;
}

export function createSlackContainment(options: SlackContainmentOptions): SlackContainment {
  const { service, findings, cards } = options;

  // The options come as an ephemeral message, which can't hold a thread: the value carries the card's thread.
  async function offer(findingId: string, threadTs = ''): Promise<CommandReply> {
    const finding = await findings.get(findingId);
    if (!finding) return said(':information_source: That finding is no longer stored.');
    const proposal = await service.proposeForFinding(finding);
    const lines = proposal.unavailable.map((why) => `• ${safeText(why.message, 300)}`);
    if (proposal.options.length === 0) {
      return said(`:no_entry: Nothing can be contained from this finding.\n${lines.join('\n')}`);
    }
    const text = '*Contain:* pick what to ask for. A second person must approve it before anything changes.';
    const buttons = proposal.options.slice(0, 5).map((option) =>
      button(safeText(option.plan.title ?? option.kind, 70), ACTION.remediationRequest, {
        value: `${finding.id}|${option.kind}|${threadTs}`,
        style: 'danger',
      }),
    );
    const blocks = [section(text), actions(buttons)];
    if (lines.length > 0) blocks.push(section(`Not offered:\n${lines.join('\n')}`));
    return { text, blocks };
  }

  async function requestFirst(findingId: string, requestedBy: string): Promise<string> {
    const finding = await findings.get(findingId);
    if (!finding) return 'That finding is no longer stored: ask a responder to contain it.';
    const { options: choices } = await service.proposeForFinding(finding);
    const option = choices.find((each) => each.kind === 'deactivate-access-key') ?? choices[0];
    if (!option) return 'Nothing can be contained from this finding; the responders have been told.';
    const origin = await options.threadOf?.(finding.incidentId);
    const outcome = await service.request({
      kind: option.kind,
      target: option.target,
      requestedBy,
      reason: 'the owner says it was not them',
      findingId: finding.id,
      incidentId: finding.incidentId,
      ...(origin ? { origin } : {}),
    });
    if (!outcome.ok) return safeText(outcome.refusal.message, 500);
    await cards.post(outcome.request);
    return `A containment request (${outcome.request.id}) is open; an approver must approve it.`;
  }

  return {
    requestFirst,
    fromFinding: (findingId, asker) => offer(findingId, asker.threadTs),
    async fromIncident(incidentId, asker) {
      const incident = await findings.getIncident(incidentId);
      // The incident's newest finding names the key or principal as well as any.
      const newest = incident?.findingIds.at(-1);
      return newest
        ? offer(newest, asker.threadTs)
        : said(':information_source: That incident is no longer stored.');
    },
    async request(value, asker) {
      const [findingId = '', kind = '', threadTs = ''] = value.split('|');
      const finding = await findings.get(findingId);
      if (!finding) return said(':information_source: That finding is no longer stored.');
      const option = (await service.proposeForFinding(finding)).options.find((each) => each.kind === kind);
      if (!option) return said(`:no_entry: ${safeText(kind, 60)} is not offered for this finding any more.`);
      const outcome = await service.request({
        kind,
        target: option.target,
        requestedBy: asker.userId,
        findingId: finding.id,
        incidentId: finding.incidentId,
        ...(asker.channelId
          ? { origin: { channel: asker.channelId, ...(/^\d+\.\d+$/.test(threadTs) ? { threadTs } : {}) } }
          : {}),
      });
      if (!outcome.ok) return said(`:no_entry: ${safeText(outcome.refusal.message, 500)}`);
      await cards.post(outcome.request);
      return said(
        `Request \`${outcome.request.id}\` is open: someone else who may approve must press Approve on its card.`,
      );
    },
    async approve(requestId, asker) {
      const result = await service.approve(requestId, asker.userId, await options.approvers(asker.userId));
      if (!result.ok) return said(approvalRefusalText(result.refusal));
      await cards.redraw(result.request);
      return said(`Approved \`${result.request.id}\`: it runs now; its card shows each step.`);
    },
    async deny(requestId, asker) {
      const result = await service.deny(requestId, asker.userId, await options.approvers(asker.userId));
      if (!result.ok) return said(approvalRefusalText(result.refusal));
      await cards.redraw(result.request);
      return said(
        result.withdrawn ? `Withdrawn \`${result.request.id}\`.` : `Denied \`${result.request.id}\`.`,
      );
    },
  };
}
