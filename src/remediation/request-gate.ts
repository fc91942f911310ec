/** The checks a containment must pass before it may even be proposed or requested: kind, target, protection, responder role. */
import type { RemediationKind } from './action.js';
import { isProtected, type ProtectedPrincipalsConfig } from './protected-principals.js';
import type { RemediationTarget } from './remediation-request.js';
import { type RequestRefusal, refusal } from './request-refusal.js';
import { type ActionTarget, actionTarget, isRemediationKind, principalArnOf } from './request-target.js';

export interface GateAccount {
  id: string;
  name?: string;
  roleArn?: string;
  responderRoleArn?: string;
}

export interface GateOptions {
  protected: { botRoleArns: string[]; breakGlassPatterns?: string[]; arns?: string[] };
  accounts: readonly GateAccount[];
}

export type GateResult =
  | { ok: true; kind: RemediationKind; target: ActionTarget<RemediationKind> }
  | { ok: false; refusal: RequestRefusal };

export type RequestGate = (kind: string, target: RemediationTarget) => GateResult;

export function createRequestGate(options: GateOptions): RequestGate {
  // The bot's own roles in every account, reader and responder, whatever the config's list forgot.
  const ownRoles = options.accounts.flatMap((account) =>
    [account.roleArn, account.responderRoleArn].filter((arn): arn is string => Boolean(arn)),
  );
  const protection: ProtectedPrincipalsConfig = {
    botRoleArns: [...options.protected.botRoleArns, ...ownRoles],
    breakGlassPatterns: options.protected.breakGlassPatterns ?? [],
    protectedArns: options.protected.arns ?? [],
  };

  return (kind, target) => {
    if (!isRemediationKind(kind)) {
      return refusal('unknown_kind', `trailwatch has no containment action called "${kind.slice(0, 60)}".`);
    }
    if (!target?.accountId || !/^\d{12}$/.test(target.accountId)) {
      return refusal('target_incomplete', 'The target needs a 12-digit AWS account id.');
    }
    const typed = actionTarget(kind, target);
    if (!typed.ok) return refusal('target_incomplete', `To ${kind}, trailwatch needs ${typed.missing}.`);
    const arn = principalArnOf(kind, target);
    const why = arn ? isProtected(arn, protection) : undefined;
    if (why) return refusal('protected_principal', `trailwatch won't touch this: ${why}.`);
    const account = options.accounts.find((candidate) => candidate.id === target.accountId);
    if (!account?.responderRoleArn) {
      const name = account ? (account.name ?? account.id) : target.accountId;
      return refusal(
        'no_responder_role',
        `Account ${name} has no responder role in trailwatch.yml (responderRoleArn), so trailwatch can't contain ` +
          'anything there; do it by hand, with a second person checking.',
      );
    }
    return { ok: true, kind, target: typed.target };
  };
}
