/** Deactivates a stolen access key (iam:UpdateAccessKey Status=Inactive, always with UserName); undo reactivates it. */
import { type AccessKeyMetadata, ListAccessKeysCommand, UpdateAccessKeyCommand } from '@aws-sdk/client-iam';
import type { AccessKeyTarget, StepResult } from '../../remediation/action.js';
import { AwsError } from '../aws-error.js';
import { awsCall, type ContainmentAction, type IamSender } from './aws-call.js';

type KeyStatus = 'Active' | 'Inactive';

const describeTarget = (target: AccessKeyTarget) =>
  `access key ${target.accessKeyId} of user ${target.userName} in account ${target.accountId}`;

async function findKey(iam: IamSender, target: AccessKeyTarget): Promise<AccessKeyMetadata | undefined> {
  const out = await awsCall(
    { accountId: target.accountId, call: 'iam:ListAccessKeys', target: `user ${target.userName}` },
    () => iam.send(new ListAccessKeysCommand({ UserName: target.userName })),
  );
  return out.AccessKeyMetadata?.find((key) => key.AccessKeyId === target.accessKeyId);
}

/** Reads the key, then sets its status unless it already has it (so a repeated job changes nothing). */
async function setStatus(
  iam: IamSender,
  target: AccessKeyTarget,
  status: KeyStatus,
  dryRun: boolean,
): Promise<StepResult[]> {
  const key = await findKey(iam, target);
  if (!key) {
    throw new AwsError(
      'remediation_target_not_found',
      `account ${target.accountId}: ${target.accessKeyId} is not one of user ${target.userName}'s access keys`,
      { accountId: target.accountId, retryable: false },
    );
  }
  const read: StepResult = { name: 'iam:ListAccessKeys', ok: true, detail: `the key is ${key.Status}` };
  const name = 'iam:UpdateAccessKey';
  if (key.Status === status)
    return [read, { name, ok: true, detail: `already ${status}: nothing to change` }];
  const change = `set ${target.accessKeyId} (user ${target.userName}) to ${status}`;
  if (dryRun) return [read, { name, ok: true, detail: `dry run: would ${change}` }];
  await awsCall({ accountId: target.accountId, call: name, target: describeTarget(target) }, () =>
    iam.send(
      new UpdateAccessKeyCommand({
        UserName: target.userName,
        AccessKeyId: target.accessKeyId,
        Status: status,
      }),
    ),
  );
  return [read, { name, ok: true, detail: change }];
}

export function createDeactivateAccessKeyAction(): ContainmentAction<AccessKeyTarget> {
  return {
    kind: 'deactivate-access-key',
    describeTarget,
    plan(target) {
      return {
        kind: 'deactivate-access-key',
        title: `Deactivate ${describeTarget(target)}`,
        lines: [
          `iam:UpdateAccessKey UserName=${target.userName} AccessKeyId=${target.accessKeyId} Status=Inactive`,
        ],
        warnings: [
          'Sessions already minted from this key (GetSessionToken, AssumeRole) keep working for up to 36 h: ' +
            'also revoke the sessions of the user and of roles it assumed.',
          `Anything legitimately using this key (scripts, CI, applications of ${target.userName}) stops working.`,
        ],
        undo: `Reactivate the key: iam:UpdateAccessKey UserName=${target.userName} AccessKeyId=${target.accessKeyId} Status=Active`,
        reversible: true,
      };
    },
    execute: (target, clients, options) =>
      setStatus(clients.iam, target, 'Inactive', options?.dryRun ?? false),
    async verify(target, clients) {
      const key = await findKey(clients.iam, target);
      if (!key)
        return { ok: false, detail: `${target.accessKeyId} is not one of user ${target.userName}'s keys` };
      return key.Status === 'Inactive'
        ? { ok: true, detail: `${target.accessKeyId} is Inactive` }
        : { ok: false, detail: `${target.accessKeyId} is still ${key.Status}` };
    },
    undo: (target, clients, options) => setStatus(clients.iam, target, 'Active', options?.dryRun ?? false),
  };
}
