/** tuning.allow: known sources never reported as new, and principals ignored per detector. */
import { BlockList, isIP } from 'node:net';
import type { Tuning } from '../config/tuning.js';

function globToRegExp(pattern: string): RegExp {
  const escaped = pattern.replace(/[.+?^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*');
  return new RegExp(`^${escaped}$`);
}

export function createAllowlist(allow: Tuning['allow']) {
  const cidrs = new BlockList();
  for (const cidr of allow.cidrs) {
    const [network = '', prefix = ''] = cidr.split('/');
    cidrs.addSubnet(network, Number(prefix), isIP(network) === 6 ? 'ipv6' : 'ipv4');
  }
  const networks = new Set(allow.networks);
  const ignored = new Map(
    Object.entries(allow.ignore).map(([detector, patterns]) => [detector, patterns.map(globToRegExp)]),
  );
  return {
    allowsSource(ip: string, network: string): boolean {
      if (networks.has(network)) return true;
      // BlockList.check builds a SocketAddress per call: skip it when there is nothing to check.
      if (allow.cidrs.length === 0) return false;
      const family = isIP(ip);
      return family !== 0 && cidrs.check(ip, family === 6 ? 'ipv6' : 'ipv4');
    },
    ignores(detectorId: string, principalArn: string): boolean {
      return ignored.get(detectorId)?.some((pattern) => pattern.test(principalArn)) ?? false;
    },
    trustsAccount: (accountId: string) => allow.trustedAccounts.includes(accountId),
  };
}
