/** Refuses a new remediation request that is malformed or could carry a secret, before anything is stored. */
import { TrailwatchError } from '../errors.js';
import { type RemediationRequest, timeOf } from './remediation-request.js';

// Ids become part of Redis keys and Slack button values: keep them short and plain.
export const REQUEST_ID_PATTERN = /^[A-Za-z0-9._-]{1,128}$/;
// A target names things; a field that sounds like a credential has no business in a record kept 90 days.
const SECRET_FIELD = /secret|password|token|credential|private/i;

function invalid(id: string, why: string): TrailwatchError {
  return new TrailwatchError('remediation_request_invalid', `remediation request ${id || '(no id)'}: ${why}`);
}

export function checkNewRequest(request: RemediationRequest): void {
  const { id } = request;
  if (!REQUEST_ID_PATTERN.test(id))
    throw invalid(id, 'the id must be 1-128 letters, digits, ".", "_" or "-"');
  if (!request.kind || !request.requestedBy) throw invalid(id, 'needs a kind and a requestedBy');
  if (!request.target?.accountId) throw invalid(id, 'the target needs an accountId');
  if (request.status !== 'pending') throw invalid(id, `a new request is pending, not ${request.status}`);
  if (request.decidedBy || request.decidedAt || request.execution) {
    throw invalid(id, 'a new request has no decision and no execution yet');
  }
  const requested = timeOf(request.requestedAt);
  const expires = timeOf(request.expiresAt);
  if (Number.isNaN(requested) || Number.isNaN(expires) || expires <= requested) {
    throw invalid(id, 'requestedAt and expiresAt must be ISO times, expiresAt the later');
  }
  if (!Array.isArray(request.plan?.lines) || !Array.isArray(request.plan?.warnings)) {
    throw invalid(id, 'the plan needs lines and warnings (each may be empty)');
  }
  const secretField = Object.keys(request.target).find((field) => SECRET_FIELD.test(field));
  if (secretField) throw invalid(id, `the target field "${secretField}" looks like a secret; store ids only`);
}
