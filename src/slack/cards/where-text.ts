/** Where a finding happened: source IPs with network and country, regions, user agents — all capped. */

import { inlineCode, safeText } from '../../block-kit/text.js';
import type { IpInfo } from '../../intel/ip-intel.js';

export const MAX_IPS_SHOWN = 5;
export const MAX_REGIONS_SHOWN = 8;
export const MAX_USER_AGENTS_SHOWN = 3;
export const USER_AGENT_CHARS = 80;

/** `, and 12 more` when the list was cut. */
function more(total: number, shown: number): string {
  return total > shown ? `, +${total - shown} more` : '';
}

function ipDetail(info: IpInfo | undefined): string {
  if (!info) return '';
  if (info.kind !== 'public') return ` (${safeText(info.network, 60)})`;
  const parts = [info.asn ? `AS${info.asn}` : info.network, info.asOrg, info.country]
    .filter((x): x is string => !!x)
    .map((x) => safeText(x, 50));
  return parts.length ? ` (${parts.join(', ')})` : '';
}

export function ipsLine(ips: readonly string[], ipInfo: ReadonlyMap<string, IpInfo> | undefined): string {
  if (ips.length === 0) return '-';
  const shown = ips.slice(0, MAX_IPS_SHOWN).map((ip) => `${inlineCode(ip, 64)}${ipDetail(ipInfo?.get(ip))}`);
  return shown.join(', ') + more(ips.length, shown.length);
}

export function regionsLine(regions: readonly string[]): string {
  if (regions.length === 0) return '-';
  const shown = regions.slice(0, MAX_REGIONS_SHOWN).map((r) => safeText(r, 30));
  return shown.join(', ') + more(regions.length, shown.length);
}

export function userAgentsLine(agents: readonly string[]): string {
  if (agents.length === 0) return '-';
  const shown = agents.slice(0, MAX_USER_AGENTS_SHOWN).map((ua) => inlineCode(ua, USER_AGENT_CHARS));
  return shown.join(', ') + more(agents.length, shown.length);
}
