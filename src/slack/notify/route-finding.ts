/** Where a finding is posted: the first matching route, else the default channel, else nowhere (and why). */
import type { SlackConfig } from '../../config/slack-config.js';
import type { Finding } from '../../findings/finding.js';
import { severityRank } from '../../findings/severity.js';

export type RouteDecision =
  | { post: true; channel: string }
  | { post: false; reason: 'below_min_severity' | 'no_channel' };

type Routing = Pick<SlackConfig, 'channels' | 'minSeverity'>;

/** Pure: `slack.minSeverity` first, then the routes in order (each condition it names must hold). */
export function routeFinding(
  finding: Pick<Finding, 'severity' | 'principal'>,
  config: Routing,
): RouteDecision {
  if (severityRank(finding.severity) < severityRank(config.minSeverity)) {
    return { post: false, reason: 'below_min_severity' };
  }
  const accountId = finding.principal.accountId;
  for (const route of config.channels.routes) {
    if (route.minSeverity && severityRank(finding.severity) < severityRank(route.minSeverity)) continue;
    if (route.accounts && !route.accounts.includes(accountId)) continue;
    return { post: true, channel: route.channel };
  }
  const fallback = config.channels.default;
  return fallback ? { post: true, channel: fallback } : { post: false, reason: 'no_channel' };
}
