/**
 * Revokes every session of a role or user issued before now: an inline deny-all on aws:TokenIssueTime,
 * the AWSRevokeOlderSessions pattern the IAM console's "Revoke active sessions" writes. Undo deletes it.
 */
import type { PolicyHolder, StepResult } from '../../remediation/action.js';
import type { ContainmentAction } from './aws-call.js';
import {
  deleteCallName,
  deleteInlinePolicy,
  denyAll,
  describeHolder,
  isDenyAll,
  type PolicyDocument,
  putCallName,
  putInlinePolicy,
  readInlinePolicy,
} from './inline-policy.js';

export const REVOKE_SESSIONS_POLICY = 'trailwatch-revoke-older-sessions';

export interface RevokeSessionsOptions {
  /** The cut-off: sessions issued before the time of execution are denied. Default Date.now. */
  now?: () => number;
}

export function revokeOlderSessionsPolicy(issuedBefore: string): PolicyDocument {
  return {
    Version: '2012-10-17',
    Statement: [denyAll({ DateLessThan: { 'aws:TokenIssueTime': issuedBefore } })],
  };
}

function warnings(target: PolicyHolder): string[] {
  const common = [
    'Sessions issued after the cut-off are not affected: if the attacker can still get new ones ' +
      '(an active key, a trust policy that admits them), close that first.',
  ];
  if (target.type === 'role') {
    return [
      `Hits EVERY current session of role ${target.name}, legitimate ones too (people, CI, instances, ` +
        'Lambda functions): they fail until they assume the role again or their credentials refresh.',
      ...common,
    ];
  }
  return [
    `Denies every temporary session of user ${target.name} issued before the cut-off (GetSessionToken, ` +
      "console); the user's long-term access keys carry no aws:TokenIssueTime and keep working: deactivate them too.",
    ...common,
  ];
}

export function createRevokeSessionsAction(
  options: RevokeSessionsOptions = {},
): ContainmentAction<PolicyHolder> {
  const now = options.now ?? Date.now;
  return {
    kind: 'revoke-sessions',
    describeTarget: describeHolder,
    plan(target) {
      const document = JSON.stringify(revokeOlderSessionsPolicy('<time of execution>'));
      return {
        kind: 'revoke-sessions',
        title: `Revoke the active sessions of ${describeHolder(target)}`,
        lines: [
          `${putCallName(target)} ${target.type === 'user' ? 'UserName' : 'RoleName'}=${target.name} ` +
            `PolicyName=${REVOKE_SESSIONS_POLICY}`,
          `PolicyDocument=${document}`,
        ],
        warnings: warnings(target),
        undo: `Delete the inline policy: ${deleteCallName(target)} PolicyName=${REVOKE_SESSIONS_POLICY}`,
        reversible: true,
      };
    },
    async execute(target, clients, executeOptions) {
      const issuedBefore = new Date(now()).toISOString();
      const name = putCallName(target);
      const change = `put ${REVOKE_SESSIONS_POLICY} on ${target.type} ${target.name}: deny sessions issued before ${issuedBefore}`;
      if (executeOptions?.dryRun) return [{ name, ok: true, detail: `dry run: would ${change}` }];
      await putInlinePolicy(
        clients.iam,
        target,
        REVOKE_SESSIONS_POLICY,
        revokeOlderSessionsPolicy(issuedBefore),
      );
      return [{ name, ok: true, detail: change }];
    },
    async verify(target, clients) {
      const document = await readInlinePolicy(clients.iam, target, REVOKE_SESSIONS_POLICY);
      const statement = document?.Statement.find(isDenyAll);
      const cutOff = statement?.Condition?.DateLessThan?.['aws:TokenIssueTime'];
      return cutOff
        ? { ok: true, detail: `${REVOKE_SESSIONS_POLICY} denies sessions issued before ${cutOff}` }
        : {
            ok: false,
            detail: `${describeHolder(target)} has no ${REVOKE_SESSIONS_POLICY} deny on aws:TokenIssueTime`,
          };
    },
    async undo(target, clients, executeOptions): Promise<StepResult[]> {
      const name = deleteCallName(target);
      if (executeOptions?.dryRun) {
        return [
          {
            name,
            ok: true,
            detail: `dry run: would delete ${REVOKE_SESSIONS_POLICY} from ${target.type} ${target.name}`,
          },
        ];
      }
      const deleted = await deleteInlinePolicy(clients.iam, target, REVOKE_SESSIONS_POLICY);
      return [
        {
          name,
          ok: true,
          detail: deleted
            ? `deleted ${REVOKE_SESSIONS_POLICY}`
            : `${REVOKE_SESSIONS_POLICY} was already gone`,
        },
      ];
    },
  };
}
