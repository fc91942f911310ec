/** Why trailwatch won't even ask for a containment: stable codes, and the sentence the clicker reads. */
import type { RemediationRequest } from './remediation-request.js';

/** Codes for log lines, the audit log and tests; `message` is written for the person who clicked. */
export const REQUEST_REFUSAL_CODES = [
  /** Not one of the five actions in actions/registry.ts. */
  'unknown_kind',
  /** The target lacks a field the action needs (e.g. the key's owner). */
  'target_incomplete',
  /** isProtected: root, trailwatch's own roles, AWS-managed, break-glass, or on the protected list. */
  'protected_principal',
  /** The account has no responderRoleArn (or is not in trailwatch.yml). */
  'no_responder_role',
  /** No configured account knows the access key. */
  'unknown_access_key',
  /** AWS could not be asked who owns the key (a retry may pass). */
  'key_lookup_failed',
  /** The finding names nothing trailwatch can contain (root, an AWS service, a rule it does not carry). */
  'not_containable',
] as const;
export type RequestRefusalCode = (typeof REQUEST_REFUSAL_CODES)[number];

export interface RequestRefusal {
  code: RequestRefusalCode;
  /** One sentence to the clicker. */
  message: string;
}

export type RequestOutcome =
  | { ok: true; request: RemediationRequest }
  | { ok: false; refusal: RequestRefusal };

export const refusal = (
  code: RequestRefusalCode,
  message: string,
): { ok: false; refusal: RequestRefusal } => ({
  ok: false,
  refusal: { code, message },
});
