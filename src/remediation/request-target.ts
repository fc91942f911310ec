/** A request's flat target (ids in JSON) as each action's typed target, and the IAM principal it would touch. */
import type { RemediationKind, RemediationTargets } from './action.js';
import type { RemediationTarget } from './remediation-request.js';

export const REMEDIATION_KINDS: readonly RemediationKind[] = [
  'deactivate-access-key',
  'revoke-sessions',
  'quarantine-user',
  'delete-login-profile',
  'revoke-security-group-rule',
];

export const isRemediationKind = (kind: string): kind is RemediationKind =>
  (REMEDIATION_KINDS as readonly string[]).includes(kind);

/** The typed target of each kind, as its action takes it. */
export type ActionTarget<K extends RemediationKind> = RemediationTargets[K];

export type TargetResult<K extends RemediationKind> =
  | { ok: true; target: ActionTarget<K> }
  | { ok: false; missing: string };

const text = (target: RemediationTarget, field: string): string | undefined => {
  const value = target[field];
  return typeof value === 'string' && value.trim() !== '' ? value : undefined;
};

const port = (target: RemediationTarget, field: string): number | undefined => {
  const value = target[field];
  const n = typeof value === 'string' ? Number(value) : value;
  return typeof n === 'number' && Number.isInteger(n) ? n : undefined;
};

function securityGroupRule(t: RemediationTarget) {
  const region = text(t, 'region');
  const groupId = text(t, 'groupId');
  const protocol = text(t, 'protocol');
  const cidr = text(t, 'cidr');
  if (!region || !groupId || !protocol || !cidr) return undefined;
  const fromPort = port(t, 'fromPort');
  const toPort = port(t, 'toPort');
  if (protocol !== '-1' && (fromPort === undefined || toPort === undefined)) return undefined;
  const ruleId = text(t, 'ruleId');
  return {
    accountId: t.accountId,
    region,
    groupId,
    protocol,
    cidr,
    ...(ruleId ? { ruleId } : {}),
    ...(fromPort !== undefined ? { fromPort } : {}),
    ...(toPort !== undefined ? { toPort } : {}),
  };
}

/** The action's target, or which field is missing (the request is then refused before it is stored). */
export function actionTarget<K extends RemediationKind>(kind: K, t: RemediationTarget): TargetResult<K> {
  const ok = (target: unknown) => ({ ok: true, target: target as ActionTarget<K> }) as const;
  const userName = text(t, 'userName');
  const roleName = text(t, 'roleName');
  switch (kind) {
    case 'deactivate-access-key': {
      const accessKeyId = text(t, 'accessKeyId');
      if (!accessKeyId || !userName) return { ok: false, missing: 'accessKeyId and userName (its owner)' };
      return ok({ accountId: t.accountId, accessKeyId, userName });
    }
    case 'revoke-sessions':
      if (roleName) return ok({ accountId: t.accountId, type: 'role', name: roleName });
      if (userName) return ok({ accountId: t.accountId, type: 'user', name: userName });
      return { ok: false, missing: 'roleName or userName' };
    case 'quarantine-user':
    case 'delete-login-profile':
      return userName ? ok({ accountId: t.accountId, userName }) : { ok: false, missing: 'userName' };
    case 'revoke-security-group-rule': {
      const rule = securityGroupRule(t);
      if (!rule) return { ok: false, missing: 'region, groupId, protocol, cidr and (unless -1) the ports' };
      return ok(rule);
    }
  }
  return { ok: false, missing: 'a known kind' };
}

/**
 * The IAM principal the action changes, as an ARN for isProtected: the target's own `principalArn` when it
 * carries one (keeps the role's path), else built from the names; undefined for a security-group rule.
 */
export function principalArnOf(kind: RemediationKind, t: RemediationTarget): string | undefined {
  if (kind === 'revoke-security-group-rule') return undefined;
  const given = text(t, 'principalArn');
  if (given) return given;
  const roleName = text(t, 'roleName');
  if (kind === 'revoke-sessions' && roleName) return `arn:aws:iam::${t.accountId}:role/${roleName}`;
  const userName = text(t, 'userName');
  return userName ? `arn:aws:iam::${t.accountId}:user/${userName}` : undefined;
}
