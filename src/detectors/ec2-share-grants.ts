/** Who an EC2 permission change (AMI launchPermission, snapshot createVolumePermission) shares with. */
import type { TrailEvent } from '../cloudtrail/event.js';
import { items, param } from '../cloudtrail/fields.js';

/** `add.items[].group`: "all" is the only group EC2 knows, and means every AWS account. */
const PUBLIC_GROUP = 'all';

export interface ShareGrant {
  isPublic: boolean;
  /** Accounts other than the owner's. */
  accounts: string[];
  /** "everyone (public)" or "account 444455556666". */
  target: string;
}

/** Reads `<path>.add`; undefined when nothing is shared outside the account. */
export function sharedWith(event: TrailEvent, path: string): ShareGrant | undefined {
  const added = items(param(event, `${path}.add`)) as Record<string, unknown>[];
  const isPublic = added.some((grant) => grant.group === PUBLIC_GROUP);
  const accounts = added
    .map((grant) => grant.userId)
    .filter((id): id is string => typeof id === 'string' && id !== event.recipientAccountId);
  if (!isPublic && accounts.length === 0) return undefined;
  return { isPublic, accounts, target: isPublic ? 'everyone (public)' : `account ${accounts.join(', ')}` };
}
