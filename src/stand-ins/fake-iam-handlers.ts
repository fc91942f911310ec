/** The fake IAM's actions: each takes the caller's account and the form parameters and returns the <…Result> body. */
import type { KeyIdentity } from './aws-wire.js';
import { type IamAccount, IamFault, type IamKey, type IamRole, type IamUser } from './fake-iam-account.js';

export interface IamRequest {
  account: IamAccount;
  caller: KeyIdentity;
  params: Record<string, string>;
  now: number;
}

type Handler = (request: IamRequest) => string;

function el(name: string, text: string): string {
  return `<${name}>${text.replace(/[<>&'"]/g, (c) => `&#${c.charCodeAt(0)};`)}</${name}>`;
}

function required(params: Record<string, string>, name: string): string {
  const value = params[name];
  if (!value) {
    throw new IamFault(
      'ValidationError',
      `1 validation error detected: Value null at '${name[0]?.toLowerCase()}${name.slice(1)}' failed to satisfy constraint: Member must not be null`,
    );
  }
  return value;
}

function noSuchEntity(message: string): IamFault {
  return new IamFault('NoSuchEntity', message, 404);
}

/** UserName, or the calling user when omitted; a role session must name the user. */
function userFor({ account, caller, params }: IamRequest): IamUser {
  let name = params.UserName;
  if (!name) {
    const own = /:user\/(?:.*\/)?([^/]+)$/.exec(caller.arn)?.[1];
    if (!own)
      throw new IamFault('ValidationError', 'Must specify userName when calling with non-User credentials');
    name = own;
  }
  const user = account.users.get(name);
  if (!user) throw noSuchEntity(`The user with name ${name} cannot be found.`);
  return user;
}

function roleFor({ account, params }: IamRequest): IamRole {
  const name = required(params, 'RoleName');
  const role = account.roles.get(name);
  if (!role) throw noSuchEntity(`The role with name ${name} cannot be found.`);
  return role;
}

function keyOf(request: IamRequest, user: IamUser): IamKey {
  const id = required(request.params, 'AccessKeyId');
  const key = request.account.keys.get(id);
  if (!key || key.userName !== user.name) throw noSuchEntity(`The Access Key with id ${id} cannot be found.`);
  return key;
}

function policyDocument(params: Record<string, string>): string {
  const document = required(params, 'PolicyDocument');
  try {
    const parsed = JSON.parse(document) as { Statement?: unknown };
    if (!parsed.Statement) throw new Error('no Statement');
  } catch {
    throw new IamFault('MalformedPolicyDocument', 'Syntax errors in policy.');
  }
  return document;
}

// IAM returns inline policy documents URL-encoded (RFC 3986); the SDK passes them on as they are.
function encodedPolicy(document: string): string {
  return encodeURIComponent(document);
}

function inlinePolicy(
  kind: 'user' | 'role',
  owner: { name: string; policies: Map<string, string> },
): Handler {
  return ({ params }) => {
    const name = required(params, 'PolicyName');
    const document = owner.policies.get(name);
    if (document === undefined) throw noSuchEntity(`The ${kind} policy with name ${name} cannot be found.`);
    const ownerField = kind === 'user' ? 'UserName' : 'RoleName';
    return (
      el(ownerField, owner.name) + el('PolicyName', name) + el('PolicyDocument', encodedPolicy(document))
    );
  };
}

function deletePolicy(kind: 'user' | 'role', owner: { policies: Map<string, string> }, name: string): string {
  if (!owner.policies.delete(name))
    throw noSuchEntity(`The ${kind} policy with name ${name} cannot be found.`);
  return '';
}

function keyMember(key: IamKey, userName: string): string {
  return `<member>${el('UserName', userName)}${el('AccessKeyId', key.id)}${el('Status', key.status)}${el('CreateDate', key.createDate)}</member>`;
}

export const IAM_HANDLERS: Record<string, Handler> = {
  UpdateAccessKey(request) {
    const status = required(request.params, 'Status');
    if (status !== 'Active' && status !== 'Inactive') {
      throw new IamFault('ValidationError', `Value '${status}' at 'status' failed to satisfy constraint`);
    }
    keyOf(request, userFor(request)).status = status;
    return '';
  },
  GetAccessKeyLastUsed({ account, caller, params }) {
    const id = required(params, 'AccessKeyId');
    const key = account.keys.get(id);
    // IAM documents only the common errors here; a key it does not hold in the caller's account is
    // refused as AccessDenied, as for a resource the caller may not see.
    if (!key) {
      throw new IamFault(
        'AccessDenied',
        `User: ${caller.arn} is not authorized to perform: iam:GetAccessKeyLastUsed on resource: access key ${id}`,
        403,
      );
    }
    // Never used: LastUsedDate absent, ServiceName and Region "N/A" (API_AccessKeyLastUsed).
    const used = key.lastUsed;
    const inner =
      (used?.date ? el('LastUsedDate', used.date) : '') +
      el('ServiceName', used?.service ?? 'N/A') +
      el('Region', used?.region ?? 'N/A');
    return `${key.userName ? el('UserName', key.userName) : ''}<AccessKeyLastUsed>${inner}</AccessKeyLastUsed>`;
  },
  ListAccessKeys(request) {
    const user = userFor(request);
    const keys = [...request.account.keys.values()].filter((key) => key.userName === user.name);
    return `<AccessKeyMetadata>${keys.map((key) => keyMember(key, user.name)).join('')}</AccessKeyMetadata>${el('IsTruncated', 'false')}`;
  },
  GetUser(request) {
    const user = userFor(request);
    const tags = Object.entries(user.tags).map(
      ([k, v]) => `<member>${el('Key', k)}${el('Value', v)}</member>`,
    );
    const fields = [
      el('Path', user.path),
      el('UserName', user.name),
      el('UserId', user.userId),
      el('Arn', user.arn),
      el('CreateDate', user.createDate),
      tags.length ? `<Tags>${tags.join('')}</Tags>` : '',
    ];
    return `<User>${fields.join('')}</User>`;
  },
  PutUserPolicy(request) {
    const user = userFor({
      ...request,
      params: { ...request.params, UserName: required(request.params, 'UserName') },
    });
    user.policies.set(required(request.params, 'PolicyName'), policyDocument(request.params));
    return '';
  },
  PutRolePolicy(request) {
    roleFor(request).policies.set(required(request.params, 'PolicyName'), policyDocument(request.params));
    return '';
  },
  GetUserPolicy: (request) => inlinePolicy('user', userFor(request))(request),
  GetRolePolicy: (request) => inlinePolicy('role', roleFor(request))(request),
  DeleteUserPolicy: (request) =>
    deletePolicy('user', userFor(request), required(request.params, 'PolicyName')),
  DeleteRolePolicy: (request) =>
    deletePolicy('role', roleFor(request), required(request.params, 'PolicyName')),
  GetLoginProfile(request) {
    const user = userFor(request);
    const profile = user.loginProfile;
    if (!profile) throw noSuchEntity(`Login Profile for User ${user.name} cannot be found.`);
    return `<LoginProfile>${el('UserName', user.name)}${el('CreateDate', profile.createDate)}${el('PasswordResetRequired', String(profile.passwordResetRequired))}</LoginProfile>`;
  },
  DeleteLoginProfile(request) {
    const user = userFor(request);
    if (!user.loginProfile) throw noSuchEntity(`Login Profile for User ${user.name} cannot be found.`);
    delete user.loginProfile;
    return '';
  },
};
