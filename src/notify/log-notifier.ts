/** The default notifier until Slack is configured: one structured JSON log line per new incident and finding. */
import type { Logger } from '../logger.js';
import type { Notifier } from './notifier.js';

export interface LogNotifierOptions {
  logger: Logger;
}

export function createLogNotifier({ logger }: LogNotifierOptions): Notifier {
  return {
    async notify({ finding, incident, status }) {
      if (status.incident === 'opened') {
        logger.info(
          {
            notification: 'incident',
            incident: {
              id: incident.id,
              key: incident.key,
              principal: incident.principal,
              accessKeyId: incident.accessKeyId,
              accountId: incident.accountId,
              severity: incident.severity,
              categories: incident.categories,
              firstSeen: incident.firstSeen,
              lastSeen: incident.lastSeen,
              count: incident.count,
            },
          },
          'new incident',
        );
      }
      // The Finding contract as stored (ids, principal, IPs, summary): no secrets, nothing raw.
      logger.info(
        { notification: 'finding', status: status.finding, incidentId: incident.id, finding },
        status.finding === 'created' ? 'new finding' : 'finding updated',
      );
    },
  };
}
