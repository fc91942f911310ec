/** Quarantines an IAM user: an inline deny-all policy that stops its keys, sessions and console use; undo deletes it. */
import type { StepResult, UserTarget } from '../../remediation/action.js';
import type { ContainmentAction } from './aws-call.js';
import {
  deleteInlinePolicy,
  denyAll,
  isDenyAll,
  type PolicyDocument,
  putInlinePolicy,
  readInlinePolicy,
} from './inline-policy.js';

export const QUARANTINE_POLICY = 'trailwatch-quarantine';

export const QUARANTINE_DOCUMENT: PolicyDocument = { Version: '2012-10-17', Statement: [denyAll()] };

const holder = (target: UserTarget) => ({
  accountId: target.accountId,
  type: 'user' as const,
  name: target.userName,
});
const describeTarget = (target: UserTarget) => `user ${target.userName} in account ${target.accountId}`;

export function createQuarantineUserAction(): ContainmentAction<UserTarget> {
  return {
    kind: 'quarantine-user',
    describeTarget,
    plan(target) {
      return {
        kind: 'quarantine-user',
        title: `Quarantine ${describeTarget(target)}`,
        lines: [
          `iam:PutUserPolicy UserName=${target.userName} PolicyName=${QUARANTINE_POLICY}`,
          `PolicyDocument=${JSON.stringify(QUARANTINE_DOCUMENT)}`,
        ],
        warnings: [
          `Every request of ${target.userName} is denied (all access keys, sessions and console use), ` +
            'legitimate ones too; nothing is deleted.',
          'Sessions of roles the user already assumed are not affected: revoke those separately.',
        ],
        undo: `Delete the inline policy: iam:DeleteUserPolicy UserName=${target.userName} PolicyName=${QUARANTINE_POLICY}`,
        reversible: true,
      };
    },
    async execute(target, clients, options) {
      const change = `put ${QUARANTINE_POLICY} (deny all) on user ${target.userName}`;
      if (options?.dryRun)
        return [{ name: 'iam:PutUserPolicy', ok: true, detail: `dry run: would ${change}` }];
      await putInlinePolicy(clients.iam, holder(target), QUARANTINE_POLICY, QUARANTINE_DOCUMENT);
      return [{ name: 'iam:PutUserPolicy', ok: true, detail: change }];
    },
    async verify(target, clients) {
      const document = await readInlinePolicy(clients.iam, holder(target), QUARANTINE_POLICY);
      const inPlace = document?.Statement.some((statement) => isDenyAll(statement) && !statement.Condition);
      return inPlace
        ? { ok: true, detail: `${QUARANTINE_POLICY} denies every action of user ${target.userName}` }
        : { ok: false, detail: `user ${target.userName} has no ${QUARANTINE_POLICY} deny-all policy` };
    },
    async undo(target, clients, options): Promise<StepResult[]> {
      const name = 'iam:DeleteUserPolicy';
      if (options?.dryRun) {
        return [
          {
            name,
            ok: true,
            detail: `dry run: would delete ${QUARANTINE_POLICY} from user ${target.userName}`,
          },
        ];
      }
      const deleted = await deleteInlinePolicy(clients.iam, holder(target), QUARANTINE_POLICY);
      return [
        {
          name,
          ok: true,
          detail: deleted ? `deleted ${QUARANTINE_POLICY}` : `${QUARANTINE_POLICY} was already gone`,
        },
      ];
    },
  };
}
