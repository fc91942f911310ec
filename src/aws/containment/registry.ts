/** Every containment action by kind, so the remediate job can look one up from a request's `kind`. */
import type { RemediationActionSet, RemediationKind } from '../../remediation/action.js';
import type { RemediationClients } from './aws-call.js';
import { createDeactivateAccessKeyAction } from './deactivate-access-key.js';
import { createDeleteLoginProfileAction } from './delete-login-profile.js';
import { createQuarantineUserAction } from './quarantine-user.js';
import { createRevokeSecurityGroupRuleAction } from './revoke-security-group-rule.js';
import { createRevokeSessionsAction } from './revoke-sessions.js';

export type RemediationActions = RemediationActionSet<RemediationClients>;

export function createRemediationActions(options: { now?: () => number } = {}): RemediationActions {
  return {
    'deactivate-access-key': createDeactivateAccessKeyAction(),
    'revoke-sessions': createRevokeSessionsAction(options),
    'quarantine-user': createQuarantineUserAction(),
    'delete-login-profile': createDeleteLoginProfileAction(),
    'revoke-security-group-rule': createRevokeSecurityGroupRuleAction(),
  } satisfies Record<RemediationKind, unknown>;
}
