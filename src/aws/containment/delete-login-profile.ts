/** Ends a user's console password (iam:DeleteLoginProfile): IAM cannot deactivate a password, only delete it. No undo. */
import { DeleteLoginProfileCommand, GetLoginProfileCommand } from '@aws-sdk/client-iam';
import type { UserTarget } from '../../remediation/action.js';
import { awsCallOrMissing, type ContainmentAction, type IamSender } from './aws-call.js';

const describeTarget = (target: UserTarget) =>
  `console password of user ${target.userName} in account ${target.accountId}`;

function readProfile(iam: IamSender, target: UserTarget) {
  return awsCallOrMissing(
    { accountId: target.accountId, call: 'iam:GetLoginProfile', target: `user ${target.userName}` },
    () => iam.send(new GetLoginProfileCommand({ UserName: target.userName })),
  );
}

export function createDeleteLoginProfileAction(): ContainmentAction<UserTarget> {
  return {
    kind: 'delete-login-profile',
    describeTarget,
    plan(target) {
      return {
        kind: 'delete-login-profile',
        title: `Delete the ${describeTarget(target)}`,
        lines: [`iam:DeleteLoginProfile UserName=${target.userName}`],
        warnings: [
          `${target.userName} can no longer sign in to the console; console sessions already open are not ended ` +
            '(revoke the sessions too).',
          'Access keys are not affected.',
        ],
        undo:
          'No undo: AWS cannot restore a deleted password. An administrator can give the user a new one ' +
          '(iam:CreateLoginProfile).',
        reversible: false,
      };
    },
    async execute(target, clients, options) {
      const profile = await readProfile(clients.iam, target);
      const read = {
        name: 'iam:GetLoginProfile',
        ok: true,
        detail: profile
          ? `has a console password since ${profile.LoginProfile?.CreateDate?.toISOString()}`
          : 'no console password',
      };
      const name = 'iam:DeleteLoginProfile';
      if (!profile) return [read, { name, ok: true, detail: 'nothing to delete' }];
      const change = `delete the console password of user ${target.userName}`;
      if (options?.dryRun) return [read, { name, ok: true, detail: `dry run: would ${change}` }];
      // Deleted between the read and now (a double click): the outcome wanted, not a failure.
      const deleted = await awsCallOrMissing(
        { accountId: target.accountId, call: name, target: describeTarget(target) },
        () => clients.iam.send(new DeleteLoginProfileCommand({ UserName: target.userName })),
      );
      return [read, { name, ok: true, detail: deleted ? change : 'already deleted' }];
    },
    async verify(target, clients) {
      const profile = await readProfile(clients.iam, target);
      return profile
        ? { ok: false, detail: `user ${target.userName} still has a console password` }
        : { ok: true, detail: `user ${target.userName} has no console password` };
    },
  };
}
