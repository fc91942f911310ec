/** Puts, reads back and deletes one inline policy on an IAM user or role (PutUserPolicy / PutRolePolicy …). */
import {
  DeleteRolePolicyCommand,
  DeleteUserPolicyCommand,
  GetRolePolicyCommand,
  GetUserPolicyCommand,
  PutRolePolicyCommand,
  PutUserPolicyCommand,
} from '@aws-sdk/client-iam';
import type { PolicyHolder } from '../../remediation/action.js';
import { awsCall, awsCallOrMissing, type IamSender } from './aws-call.js';

export interface PolicyStatement {
  Effect: string;
  Action: string | string[];
  Resource: string | string[];
  Condition?: Record<string, Record<string, string>>;
}

export interface PolicyDocument {
  Version: string;
  Statement: PolicyStatement[];
}

const verb = (holder: PolicyHolder, action: 'Put' | 'Get' | 'Delete') =>
  `iam:${action}${holder.type === 'user' ? 'User' : 'Role'}Policy`;

export function describeHolder(holder: PolicyHolder): string {
  return `${holder.type} ${holder.name} in account ${holder.accountId}`;
}

function context(holder: PolicyHolder, action: 'Put' | 'Get' | 'Delete', policyName: string) {
  return {
    accountId: holder.accountId,
    call: verb(holder, action),
    target: `inline policy ${policyName} of ${holder.type} ${holder.name}`,
  };
}

export function putCallName(holder: PolicyHolder): string {
  return verb(holder, 'Put');
}

export function deleteCallName(holder: PolicyHolder): string {
  return verb(holder, 'Delete');
}

export async function putInlinePolicy(
  iam: IamSender,
  holder: PolicyHolder,
  policyName: string,
  document: PolicyDocument,
): Promise<void> {
  const PolicyDocument = JSON.stringify(document);
  await awsCall(context(holder, 'Put', policyName), () =>
    holder.type === 'user'
      ? iam.send(new PutUserPolicyCommand({ UserName: holder.name, PolicyName: policyName, PolicyDocument }))
      : iam.send(new PutRolePolicyCommand({ RoleName: holder.name, PolicyName: policyName, PolicyDocument })),
  );
}

/** The policy as AWS holds it, or undefined when the holder has no policy of that name. */
export async function readInlinePolicy(
  iam: IamSender,
  holder: PolicyHolder,
  policyName: string,
): Promise<PolicyDocument | undefined> {
  const out = await awsCallOrMissing<{ PolicyDocument?: string }>(context(holder, 'Get', policyName), () =>
    holder.type === 'user'
      ? iam.send(new GetUserPolicyCommand({ UserName: holder.name, PolicyName: policyName }))
      : iam.send(new GetRolePolicyCommand({ RoleName: holder.name, PolicyName: policyName })),
  );
  if (!out?.PolicyDocument) return undefined;
  // IAM returns the document URL-encoded (RFC 3986); the SDK does not decode it.
  return JSON.parse(decodeURIComponent(out.PolicyDocument)) as PolicyDocument;
}

/** True when it deleted the policy, false when there was none (already undone). */
export async function deleteInlinePolicy(
  iam: IamSender,
  holder: PolicyHolder,
  policyName: string,
): Promise<boolean> {
  const out = await awsCallOrMissing(context(holder, 'Delete', policyName), () =>
    holder.type === 'user'
      ? iam.send(new DeleteUserPolicyCommand({ UserName: holder.name, PolicyName: policyName }))
      : iam.send(new DeleteRolePolicyCommand({ RoleName: holder.name, PolicyName: policyName })),
  );
  return out !== undefined;
}

/** A statement that denies every action on every resource, with the condition given. */
export function denyAll(condition?: PolicyStatement['Condition']): PolicyStatement {
  return { Effect: 'Deny', Action: ['*'], Resource: ['*'], ...(condition ? { Condition: condition } : {}) };
}

const list = (value: string | string[]) => (Array.isArray(value) ? value : [value]);

export function isDenyAll(statement: PolicyStatement | undefined): boolean {
  return (
    statement?.Effect === 'Deny' &&
    list(statement.Action).includes('*') &&
    list(statement.Resource).includes('*')
  );
}
