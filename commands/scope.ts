/** Resolves `--account` (id or configured name) and `--region` to where a lookup runs, with defaults. */
import type { AccountRef, CommandContext } from './command.js';

export interface LookupScope {
  account: AccountRef;
  region: string;
}

export type ScopeResult = ({ ok: true } & LookupScope) | { ok: false; problem: string };

// The same shape the service config accepts (us-east-1, eu-west-2, us-gov-west-1).
const REGION = /^[a-z]{2}(-[a-z]+)+-\d{1,2}$/;
// IAM, STS-global and sign-in events are recorded in us-east-1.
const FALLBACK_REGION = 'us-east-1';

export function isRegionName(text: string): boolean {
  return REGION.test(text);
}

export function resolveScope(
  ctx: Pick<CommandContext, 'accounts' | 'defaultRegions'>,
  wanted: { account?: string; region?: string },
): ScopeResult {
  const account = findAccount(ctx.accounts, wanted.account);
  if (!account) {
    const known = ctx.accounts.map((a) => (a.name && a.name !== a.id ? `${a.name} (${a.id})` : a.id));
    return {
      ok: false,
      problem: wanted.account
        ? `no configured account is \`${wanted.account}\` (configured: ${known.join(', ') || 'none'})`
        : 'no AWS account is configured',
    };
  }
  return { ok: true, account, region: wanted.region ?? ctx.defaultRegions[0] ?? FALLBACK_REGION };
}

function findAccount(accounts: readonly AccountRef[], wanted?: string): AccountRef | undefined {
  if (wanted === undefined) return accounts[0];
  const lower = wanted.toLowerCase();
  return accounts.find((a) => a.id === wanted) ?? accounts.find((a) => a.name?.toLowerCase() === lower);
}

/** `prod (123456789012)`, or the id alone when it has no other name. */
export function accountLabel(account: AccountRef): string {
  return account.name && account.name !== account.id ? `${account.name} (${account.id})` : account.id;
}
