/**
 * Athena and Glue tables over CloudTrail (and tools that export from them) lower-case every field name:
 * `eventname`, `useridentity.sessioncontext.sessionissuer.username`. This maps them back.
 */

const CANONICAL = [
  'eventVersion',
  'userIdentity',
  'eventTime',
  'eventSource',
  'eventName',
  'awsRegion',
  'sourceIPAddress',
  'userAgent',
  'errorCode',
  'errorMessage',
  'requestParameters',
  'responseElements',
  'additionalEventData',
  'requestID',
  'eventID',
  'readOnly',
  'eventType',
  'managementEvent',
  'recipientAccountId',
  'eventCategory',
  'resources',
  'sharedEventID',
  'vpcEndpointId',
  'tlsDetails',
  'sessionCredentialFromConsole',
  'type',
  'principalId',
  'arn',
  'accountId',
  'accessKeyId',
  'userName',
  'sessionContext',
  'sessionIssuer',
  'attributes',
  'creationDate',
  'mfaAuthenticated',
  'invokedBy',
  'webIdFederationData',
  'identityProvider',
];
const BY_LOWER = new Map(CANONICAL.map((key) => [key.toLowerCase(), key]));
// Only identity structures are renamed below the top level: requestParameters keys are per-API.
const NESTED = new Set(['userIdentity', 'sessionContext', 'sessionIssuer', 'attributes']);

/** True when a record looks lower-cased (has `eventtime` but no `eventTime`). */
export function hasLowerCaseKeys(raw: Record<string, unknown>): boolean {
  return raw.eventTime === undefined && raw.eventtime !== undefined;
}

export function withCanonicalKeys(raw: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(raw)) {
    const canonical = BY_LOWER.get(key.toLowerCase()) ?? key;
    const nested =
      NESTED.has(canonical) && value !== null && typeof value === 'object' && !Array.isArray(value);
    out[canonical] = nested ? withCanonicalKeys(value as Record<string, unknown>) : value;
  }
  return out;
}
