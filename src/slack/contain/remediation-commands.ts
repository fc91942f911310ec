/** `/trail deactivate-key`, `contain` and `audit` over the remediation service, for one asker. */
import type { CommandReply, RemediationCommands } from '../../../commands/command.js';
import { section } from '../../block-kit/builders.js';
import { safeText, truncateMrkdwn } from '../../block-kit/text.js';
import type { AuditLog } from '../../remediation/audit-log.js';
import type { RemediationService } from '../../remediation/remediation-service.js';
import type { Asker } from '../access/access-control.js';
import { renderAuditLine } from '../cards/audit-line.js';
import type { RequestCards } from './request-cards.js';
import type { SlackContainment } from './slack-containment.js';

export interface RemediationCommandsOptions {
  asker: Asker;
  service: RemediationService;
  containment: SlackContainment;
  cards: RequestCards;
  audit: AuditLog;
}

const said = (text: string): CommandReply => ({ text, blocks: [section(text)] });

export function remediationCommands(options: RemediationCommandsOptions): RemediationCommands {
  const { asker, service, containment, cards, audit } = options;
  return {
    async deactivateKey(accessKeyId, reason) {
      const origin = asker.channelId ? { channel: asker.channelId } : undefined;
      const outcome = await service.requestKeyDeactivation(accessKeyId, asker.userId, reason, origin);
      if (!outcome.ok) return said(`:no_entry: ${safeText(outcome.refusal.message, 500)}`);
      await cards.post(outcome.request);
      return said(
        `Request \`${outcome.request.id}\` is open: someone else who may approve must press Approve on its card.`,
      );
    },
    contain: (findingId) => containment.fromFinding(findingId, asker),
    async audit(count) {
      const entries = await audit.list(count);
      if (entries.length === 0) return said('No remediation has been asked for yet.');
      const lines = entries.map((entry) => `• ${truncateMrkdwn(renderAuditLine(entry), 280)}`);
      // Sections hold 3,000 characters: a few entries each.
      const blocks = [];
      for (let i = 0; i < lines.length; i += 8) blocks.push(section(lines.slice(i, i + 8).join('\n')));
      return { text: `The newest ${entries.length} audit entries`, blocks };
    },
  };
}
