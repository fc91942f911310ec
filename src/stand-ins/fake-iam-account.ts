/** The fake IAM's state for one account (users, keys, inline policies, login profiles, roles) and its faults. */
import type { Clock } from './aws-wire.js';

export class IamFault extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly status = 400,
    readonly type: 'Sender' | 'Receiver' = 'Sender',
  ) {
    super(message);
  }
}

export interface IamKey {
  id: string;
  /** undefined for the root user's keys. */
  userName?: string;
  status: 'Active' | 'Inactive';
  createDate: string;
  lastUsed?: { date?: string; service?: string; region?: string };
}

export interface IamUser {
  name: string;
  path: string;
  arn: string;
  userId: string;
  createDate: string;
  tags: Record<string, string>;
  /** Inline policies: name -> JSON document. */
  policies: Map<string, string>;
  loginProfile?: { createDate: string; passwordResetRequired: boolean };
}

export interface IamRole {
  name: string;
  path: string;
  arn: string;
  roleId: string;
  createDate: string;
  policies: Map<string, string>;
}

export interface IamAccount {
  id: string;
  users: Map<string, IamUser>;
  roles: Map<string, IamRole>;
  keys: Map<string, IamKey>;
}

export interface IamKeySeed {
  id: string;
  status?: 'Active' | 'Inactive';
  createDate?: string;
  lastUsed?: { date?: string; service?: string; region?: string };
}

export interface IamUserSeed {
  name: string;
  path?: string;
  tags?: Record<string, string>;
  keys?: IamKeySeed[];
  policies?: Record<string, string>;
  /** true, or the login profile's creation time. */
  loginProfile?: boolean | string;
}

export interface IamAccountSeed {
  users?: IamUserSeed[];
  roles?: { name: string; path?: string; policies?: Record<string, string> }[];
  /** Access keys of the account's root user (GetAccessKeyLastUsed omits UserName for them). */
  rootKeys?: IamKeySeed[];
}

export function seedAccount(id: string, seed: IamAccountSeed, clock: Clock): IamAccount {
  const created = new Date(clock() - 86_400_000).toISOString();
  const account: IamAccount = { id, users: new Map(), roles: new Map(), keys: new Map() };
  const addKey = (key: IamKeySeed, userName: string | undefined) => {
    account.keys.set(key.id, {
      id: key.id,
      ...(userName ? { userName } : {}),
      status: key.status ?? 'Active',
      createDate: key.createDate ?? created,
      ...(key.lastUsed ? { lastUsed: key.lastUsed } : {}),
    });
  };
  for (const [n, user] of (seed.users ?? []).entries()) {
    const path = user.path ?? '/';
    account.users.set(user.name, {
      name: user.name,
      path,
      arn: `arn:aws:iam::${id}:user${path}${user.name}`,
      userId: `AIDAFAKEUSER${String(n).padStart(8, '0')}`,
      createDate: created,
      tags: { ...user.tags },
      policies: new Map(Object.entries(user.policies ?? {})),
      ...(user.loginProfile
        ? {
            loginProfile: {
              createDate: typeof user.loginProfile === 'string' ? user.loginProfile : created,
              passwordResetRequired: false,
            },
          }
        : {}),
    });
    for (const key of user.keys ?? []) addKey(key, user.name);
  }
  for (const [n, role] of (seed.roles ?? []).entries()) {
    const path = role.path ?? '/';
    account.roles.set(role.name, {
      name: role.name,
      path,
      arn: `arn:aws:iam::${id}:role${path}${role.name}`,
      roleId: `AROAFAKEROLE${String(n).padStart(8, '0')}`,
      createDate: created,
      policies: new Map(Object.entries(role.policies ?? {})),
    });
  }
  for (const key of seed.rootKeys ?? []) addKey(key, undefined);
  return account;
}
