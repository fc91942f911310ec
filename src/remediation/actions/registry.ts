/** Every remediation action by kind, so the remediate job can look one up from a request's `kind`. */
import type { RemediationAction, RemediationKind } from '../action.js';
import { type AccessKeyTarget, createDeactivateAccessKeyAction } from './deactivate-access-key.js';
import { createDeleteLoginProfileAction } from './delete-login-profile.js';
import { createQuarantineUserAction, type UserTarget } from './quarantine-user.js';
import {
  createRevokeSecurityGroupRuleAction,
  type SecurityGroupRuleTarget,
} from './revoke-security-group-rule.js';
import { createRevokeSessionsAction, type RevokeSessionsTarget } from './revoke-sessions.js';

export interface RemediationActions {
  'deactivate-access-key': RemediationAction<AccessKeyTarget>;
  'revoke-sessions': RemediationAction<RevokeSessionsTarget>;
  'quarantine-user': RemediationAction<UserTarget>;
  'delete-login-profile': RemediationAction<UserTarget>;
  'revoke-security-group-rule': RemediationAction<SecurityGroupRuleTarget>;
}

export function createRemediationActions(options: { now?: () => number } = {}): RemediationActions {
  return {
    'deactivate-access-key': createDeactivateAccessKeyAction(),
    'revoke-sessions': createRevokeSessionsAction(options),
    'quarantine-user': createQuarantineUserAction(),
    'delete-login-profile': createDeleteLoginProfileAction(),
    'revoke-security-group-rule': createRevokeSecurityGroupRuleAction(),
  } satisfies Record<RemediationKind, unknown>;
}
