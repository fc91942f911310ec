/** Whose IAM credential a call acted on: the caller's own, root's, or another user's. */
import type { TrailEvent } from '../cloudtrail/event.js';
import { paramString } from '../cloudtrail/fields.js';

export type IamTargetKind = 'self' | 'root' | 'another-user';

export interface IamTarget {
  kind: IamTargetKind;
  /** The user named in requestParameters.userName, or the caller's own name when the call named none. */
  userName: string;
}

/**
 * The caller's IAM user name, from the ARN's last segment (`user/path/name`): CloudTrail's userIdentity.userName
 * has been seen to disagree with the ARN, and the ARN is what IAM authorised.
 */
function callerUserName(event: TrailEvent): string | undefined {
  const { identity } = event;
  if (identity.type !== 'IAMUser') return undefined;
  const match = /:user\/(?:.*\/)?([^/]+)$/.exec(identity.arn);
  return match?.[1] ?? identity.userName;
}

/**
 * IAM credential calls (CreateAccessKey, UpdateAccessKey, ChangePassword…) act on the caller when they name no
 * userName. Root naming no user acts on root's own credentials. A role session or federated user naming any user
 * acts on someone else: it has no IAM user of its own. IAM user names are unique case-insensitively.
 */
export function iamTarget(event: TrailEvent): IamTarget {
  const named = paramString(event, 'userName');
  const { identity } = event;
  if (!named) {
    if (identity.type === 'Root') return { kind: 'root', userName: 'root' };
    return { kind: 'self', userName: callerUserName(event) ?? identity.userName ?? identity.arn };
  }
  const own = callerUserName(event);
  if (own && own.toLowerCase() === named.toLowerCase()) return { kind: 'self', userName: named };
  return { kind: 'another-user', userName: named };
}
