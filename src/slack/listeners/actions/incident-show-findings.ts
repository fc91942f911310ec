/** Show findings of an incident: one line each, to the person who asked. */
import type { App } from '@slack/bolt';
import { ACTION } from '../../../block-kit/action-ids.js';
import { inlineCode, safeText, truncateMrkdwn } from '../../../block-kit/text.js';
import type { SlackDeps } from '../deps.js';
import { tellPrivately } from '../reply.js';
import { onAction } from './on-action.js';

const SHOWN = 30;

export function registerIncidentShowFindings(app: App, deps: SlackDeps): void {
  onAction(
    app,
    deps,
    { id: ACTION.incidentShowFindings, names: 'incident' },
    async ({ value, asker, client }) => {
      const incident = await deps.findings.getIncident(value);
      if (!incident)
        return tellPrivately(client, asker, {
          text: ':information_source: That incident is no longer stored.',
        });
      const findings = await Promise.all(
        incident.findingIds.slice(-SHOWN).map((id) => deps.findings.get(id)),
      );
      const lines = findings
        .filter((f) => f !== undefined)
        .reverse()
        .map(
          (f) =>
            `• *${f.severity}* ${safeText(f.title, 120)} · ${f.eventCount} events · ${f.status} · ${inlineCode(f.id, 40)}`,
        );
      const more =
        incident.count > lines.length
          ? `\n… and ${incident.count - lines.length} more: \`/trail findings\``
          : '';
      const text = `*${incident.count} findings in this incident* (newest first)\n${lines.join('\n')}${more}`;
      await tellPrivately(client, asker, { text: truncateMrkdwn(text, 2_900) });
    },
  );
}
