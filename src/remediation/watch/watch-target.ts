/** Who and where to watch after a containment: the request's key and user, the finding's session and regions. */
import type { Finding } from '../../findings/finding.js';
import type { RemediationRequest } from '../remediation-request.js';
import type { WatchTarget } from './watch-report.js';

// IAM, STS global endpoint and sign-in events are logged in us-east-1.
export const GLOBAL_REGION = 'us-east-1';

const ROLE_SESSION = /:assumed-role\/[^/]+\/(.+)$/;

export function watchTargetOf(
  request: RemediationRequest,
  finding?: Pick<Finding, 'principal' | 'regions' | 'accessKeyId'>,
  extraRegions: readonly string[] = [],
): WatchTarget {
  const { target } = request;
  const principalArn = finding?.principal.arn;
  const session = principalArn ? ROLE_SESSION.exec(principalArn)?.[1] : undefined;
  // A role session is found in LookupEvents by its session name, not the role's.
  const userName = target.userName ?? session ?? finding?.principal.userName;
  const accessKeyId = target.accessKeyId ?? finding?.accessKeyId;
  const regions = [GLOBAL_REGION, ...extraRegions, target.region, ...(finding?.regions ?? [])].filter(
    (r): r is string => typeof r === 'string' && r !== '',
  );
  return {
    accountId: target.accountId,
    ...(accessKeyId ? { accessKeyId } : {}),
    ...(userName ? { userName } : {}),
    ...(principalArn ? { principalArn } : {}),
    regions: [...new Set(regions)],
  };
}
