/** Whether an event found by AccessKeyId or Username really is the watched principal's. */
import type { TrailEvent } from '../../cloudtrail/event.js';

export interface WatchedPrincipal {
  /** The caller's ARN as CloudTrail writes it (for a role session, the assumed-role ARN). */
  arn?: string;
  /** LookupEvents' Username: the IAM user name, or a role session's name. */
  userName?: string;
  accessKeyId?: string;
}

/** The name LookupEvents matches on: a role session's name, else the user name. */
export function lookupUsername(event: TrailEvent): string | undefined {
  return event.identity.sessionName ?? event.identity.userName;
}

/**
 * LookupEvents' Username also matches a role session, or a user in another account, of the same name: keep
 * an event when its key is the watched key, or its caller ARN (without one, its user name) matches.
 */
export function madeBy(event: TrailEvent, principal: WatchedPrincipal): boolean {
  if (principal.accessKeyId && event.identity.accessKeyId === principal.accessKeyId) return true;
  if (principal.arn) return event.identity.arn === principal.arn;
  return principal.userName !== undefined && lookupUsername(event) === principal.userName;
}
