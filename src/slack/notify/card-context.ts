/** What the cards show beside the finding: the account's name, the key's owner, what the IPs are. */

import type { StoredFinding } from '../../findings/findings-store.js';
import type { IpInfo, IpIntel } from '../../intel/ip-intel.js';
import type { Logger } from '../../logger.js';
import type { AccessKeyDirectory, AccessKeyInfo } from '../../remediation/access-key-directory.js';

export interface CardContextOptions {
  accountNames?: ReadonlyMap<string, string>;
  keyDirectory?: AccessKeyDirectory;
  ipIntel?: IpIntel;
  logger: Logger;
  now?: () => number;
}

export interface CardContext {
  accountName(accountId: string): string | undefined;
  /** Cached per key for the process; a failed lookup answers undefined and is tried again a minute later. */
  keyInfo(accessKeyId: string | undefined, accountId: string): Promise<AccessKeyInfo | undefined>;
  ipInfo(finding: StoredFinding): ReadonlyMap<string, IpInfo> | undefined;
}

const FAILURE_RETRY_MS = 60_000;
// The compact card shows two IPs; a few more cover the full card.
const MAX_IPS_LOOKED_UP = 5;

export function createCardContext(options: CardContextOptions): CardContext {
  const { keyDirectory, ipIntel, logger } = options;
  const now = options.now ?? Date.now;
  const known = new Map<string, Promise<AccessKeyInfo | undefined>>();
  const failedAt = new Map<string, number>();

  async function lookup(accessKeyId: string, accountId: string): Promise<AccessKeyInfo | undefined> {
    try {
      return await (keyDirectory as AccessKeyDirectory).describe(accessKeyId, accountId);
    } catch (error) {
      // The card is worth more on time than complete: post without the owner.
      failedAt.set(accessKeyId, now());
      known.delete(accessKeyId);
      logger.warn(
        { accessKeyId, accountId, err: error },
        'access key lookup failed; card posted without owner',
      );
      return undefined;
    }
  }

  return {
    accountName: (accountId) => options.accountNames?.get(accountId),
    async keyInfo(accessKeyId, accountId) {
      if (!keyDirectory || !accessKeyId) return undefined;
      const failed = failedAt.get(accessKeyId);
      if (failed !== undefined && now() - failed < FAILURE_RETRY_MS) return undefined;
      let answer = known.get(accessKeyId);
      if (!answer) {
        answer = lookup(accessKeyId, accountId);
        known.set(accessKeyId, answer);
      }
      return answer;
    },
    ipInfo(finding) {
      if (!ipIntel) return undefined;
      const ips = finding.sourceIPs.slice(0, MAX_IPS_LOOKED_UP);
      return new Map(ips.map((ip) => [ip, ipIntel.lookup(ip)]));
    },
  };
}
