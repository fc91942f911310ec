/** Reads the IAM policy documents (permission and trust policies) that IAM calls carry in requestParameters. */
import { parsePolicy } from '../cloudtrail/fields.js';
import type { Severity } from '../findings/severity.js';

export interface PolicyStatement {
  effect: string;
  actions: string[];
  notActions: string[];
  resources: string[];
  principals: TrustedPrincipal[];
  conditioned: boolean;
}

export interface TrustedPrincipal {
  /** "AWS", "Service", "Federated", "CanonicalUser", or "*" for `"Principal": "*"`. */
  kind: string;
  value: string;
}

/** How far a trust policy lets callers in, widest first. */
export type TrustReach = 'anyone' | 'external-account' | 'federated' | 'same-account' | 'service' | 'none';

function strings(value: unknown): string[] {
  if (typeof value === 'string') return [value];
  if (Array.isArray(value)) return value.filter((each): each is string => typeof each === 'string');
  return [];
}

function principalsOf(value: unknown): TrustedPrincipal[] {
  if (value === '*') return [{ kind: '*', value: '*' }];
  if (!value || typeof value !== 'object') return [];
  return Object.entries(value as Record<string, unknown>).flatMap(([kind, names]) =>
    strings(names).map((name) => ({ kind, value: name })),
  );
}

/** The statements of a policy document (object, JSON text or URL-encoded JSON), or [] when unreadable. */
export function policyStatements(document: unknown): PolicyStatement[] {
  const parsed = parsePolicy(document);
  if (!parsed) return [];
  const raw = parsed.Statement;
  const list = Array.isArray(raw) ? raw : raw && typeof raw === 'object' ? [raw] : [];
  return list
    .filter((each): each is Record<string, unknown> => !!each && typeof each === 'object')
    .map((each) => ({
      effect: typeof each.Effect === 'string' ? each.Effect : '',
      actions: strings(each.Action),
      notActions: strings(each.NotAction),
      resources: strings(each.Resource),
      principals: principalsOf(each.Principal),
      conditioned: !!each.Condition && Object.keys(each.Condition as object).length > 0,
    }));
}

const EVERY_ACTION = new Set(['*', '*:*']);

/**
 * What an identity policy grants on every resource: 'everything' for Action "*" (or an Allow with
 * NotAction, which grants all but a few actions), 'iam' for "iam:*", undefined otherwise. Deny
 * statements take nothing away here: a reader wants to know what was handed out.
 */
export function broadGrant(document: unknown): 'everything' | 'iam' | undefined {
  let result: 'everything' | 'iam' | undefined;
  for (const statement of policyStatements(document)) {
    if (statement.effect !== 'Allow' || !statement.resources.includes('*')) continue;
    if (statement.actions.some((action) => EVERY_ACTION.has(action)) || statement.notActions.length > 0) {
      return 'everything';
    }
    if (statement.actions.some((action) => action.toLowerCase() === 'iam:*')) result = 'iam';
  }
  return result;
}

/** True when the document has statements and every one of them denies. */
export function onlyDenies(document: unknown): boolean {
  const list = policyStatements(document);
  return list.length > 0 && list.every((statement) => statement.effect === 'Deny');
}

/** The 12-digit account an AWS principal names ("123456789012", "arn:aws:iam::123456789012:root"). */
export function principalAccount(value: string): string | undefined {
  if (/^\d{12}$/.test(value)) return value;
  return /^arn:aws[a-z-]*:(iam|sts)::(\d{12}):/.exec(value)?.[2];
}

const REACH_ORDER: TrustReach[] = [
  'anyone',
  'external-account',
  'federated',
  'same-account',
  'service',
  'none',
];

/** The widest reach of the Allow statements of a trust policy, judged against the role's own account. */
export function trustReach(document: unknown, ownAccount: string): TrustReach {
  let widest: TrustReach = 'none';
  const widen = (reach: TrustReach) => {
    if (REACH_ORDER.indexOf(reach) < REACH_ORDER.indexOf(widest)) widest = reach;
  };
  for (const statement of policyStatements(document)) {
    if (statement.effect !== 'Allow') continue;
    for (const principal of statement.principals) {
      if (principal.value === '*') widen('anyone');
      else if (principal.kind === 'AWS') {
        const account = principalAccount(principal.value);
        widen(account && account !== ownAccount ? 'external-account' : 'same-account');
      } else if (principal.kind === 'Federated') widen('federated');
      else if (principal.kind === 'Service') widen('service');
    }
  }
  return widest;
}

/** The external accounts an Allow statement of a trust policy names, for the summary. */
export function externalAccounts(document: unknown, ownAccount: string): string[] {
  const found = new Set<string>();
  for (const statement of policyStatements(document)) {
    if (statement.effect !== 'Allow') continue;
    for (const principal of statement.principals) {
      const account = principal.kind === 'AWS' ? principalAccount(principal.value) : undefined;
      if (account && account !== ownAccount) found.add(account);
    }
  }
  return [...found];
}

/** How much a role's trust policy lets in decides how loud creating or changing it is. */
export const SEVERITY_BY_TRUST_REACH: Record<TrustReach, Severity> = {
  anyone: 'critical',
  'external-account': 'high',
  federated: 'medium',
  'same-account': 'low',
  service: 'low',
  none: 'low',
};

/**
 * " trusting account 444455556666" / " to trust any AWS principal (\"*\")": what a trust policy lets in,
 * for a summary; empty when it only lets in the account itself or services.
 */
export function trustWords(document: unknown, ownAccount: string, lead: 'trusting' | 'to trust'): string {
  const reach = trustReach(document, ownAccount);
  if (reach === 'anyone') return ` ${lead} any AWS principal ("*")`;
  if (reach === 'external-account')
    return ` ${lead} account ${externalAccounts(document, ownAccount).join(', ')}`;
  if (reach === 'federated') return ` ${lead} a federated identity provider`;
  return '';
}
