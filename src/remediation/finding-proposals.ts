/** The containment options for one finding: what trailwatch could do about it, and what it can't and why. */

import type { Finding } from '../findings/finding.js';
import type { AccessKeyDirectory } from './access-key-directory.js';
import type { RemediationKind } from './action.js';
import { keyOwner } from './key-owner.js';
import type { RemediationTarget } from './remediation-request.js';
import type { RequestRefusal } from './request-refusal.js';

/** A kind and target to offer, before the gate (protection, responder role) and the plan. */
export interface Candidate {
  kind: RemediationKind;
  target: RemediationTarget;
}

export interface Candidates {
  candidates: Candidate[];
  /** What can't be offered, each with a code and the sentence to show. */
  unavailable: RequestRefusal[];
}

const AKIA = /^AKIA[A-Z0-9]{12,}$/;

// arn:aws:sts::123456789012:assumed-role/deploy/session-name
function roleOfSession(arn: string): string | undefined {
  return /^arn:aws[\w-]*:sts::\d{12}:assumed-role\/([^/]+)\//.exec(arn)?.[1];
}

const none = (code: RequestRefusal['code'], message: string): Candidates => ({
  candidates: [],
  unavailable: [{ code, message }],
});

async function keyCandidates(finding: Finding, keys: AccessKeyDirectory): Promise<Candidates> {
  const accessKeyId = finding.accessKeyId ?? '';
  const owner = await keyOwner(keys, accessKeyId, finding.principal.accountId);
  if (!owner.ok) return { candidates: [], unavailable: [owner.refusal] };
  const base = { accountId: owner.accountId, userName: owner.userName };
  return {
    candidates: [
      { kind: 'deactivate-access-key', target: { ...base, accessKeyId } },
      { kind: 'revoke-sessions', target: base },
    ],
    unavailable: [],
  };
}

function principalCandidates(finding: Finding): Candidates {
  const { principal } = finding;
  const accountId = principal.accountId;
  if (principal.type === 'Root') {
    return none(
      'not_containable',
      'The root user acted: trailwatch does not act on root; secure it by hand.',
    );
  }
  if (principal.type === 'AWSService' || principal.type === 'AWSAccount') {
    return none(
      'not_containable',
      'An AWS service or another account acted: there is no principal here to contain.',
    );
  }
  const roleName = principal.type === 'AssumedRole' ? roleOfSession(principal.arn) : undefined;
  if (roleName) {
    const target = { accountId, roleName, principalArn: `arn:aws:iam::${accountId}:role/${roleName}` };
    return { candidates: [{ kind: 'revoke-sessions', target }], unavailable: [] };
  }
  if (principal.type === 'IAMUser' && principal.userName) {
    const target = { accountId, userName: principal.userName, principalArn: principal.arn };
    return {
      candidates: [
        { kind: 'quarantine-user', target },
        { kind: 'delete-login-profile', target },
      ],
      unavailable: [],
    };
  }
  return none('not_containable', `trailwatch has no containment for a ${principal.type} principal.`);
}

function ruleCandidate(finding: Finding): Candidates {
  const rule = finding.securityGroupRule;
  if (!rule) {
    return none(
      'not_containable',
      'This finding does not say which security-group rule was opened, so trailwatch cannot revoke it: ' +
        'revoke it in the EC2 console (requestParameters.groupId, ipPermissions).',
    );
  }
  const target: RemediationTarget = { accountId: finding.principal.accountId, ...rule };
  return { candidates: [{ kind: 'revoke-security-group-rule', target }], unavailable: [] };
}

/** An AKIA key → deactivate it and revoke its owner's sessions; else by principal; network exposure → the rule too. */
export async function findingCandidates(finding: Finding, keys: AccessKeyDirectory): Promise<Candidates> {
  const parts: Candidates[] = [];
  if (finding.category === 'network-exposure') parts.push(ruleCandidate(finding));
  const hasLongTermKey = AKIA.test(finding.accessKeyId ?? '');
  parts.push(hasLongTermKey ? await keyCandidates(finding, keys) : principalCandidates(finding));
  return {
    candidates: parts.flatMap((part) => part.candidates),
    unavailable: parts.flatMap((part) => part.unavailable),
  };
}
