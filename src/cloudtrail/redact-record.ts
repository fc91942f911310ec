/**
 * Strips credential material from a CloudTrail record before it is queued or stored. CloudTrail never
 * logs a secret access key, but the STS calls that mint credentials (AssumeRole*, GetSessionToken,
 * GetFederationToken) log the new session token in `responseElements.credentials.sessionToken`. A token
 * is useless without its secret key, yet job data is clear text in Redis: keep none.
 */

// Compared lower-case. The access key id next to a token stays: detectors follow it.
const CREDENTIAL_FIELDS = new Set(['sessiontoken', 'secretaccesskey', 'signintoken', 'password']);
const REDACTED = '<redacted>';
// responseElements.credentials.sessionToken is three levels down; a little more for odd shapes.
const MAX_DEPTH = 5;

/** Replaces credential values under responseElements in place; returns how many it replaced. */
export function redactCredentials(record: Record<string, unknown>): number {
  return redact(record.responseElements, 0);
}

function redact(value: unknown, depth: number): number {
  if (depth > MAX_DEPTH || typeof value !== 'object' || value === null) return 0;
  let replaced = 0;
  if (Array.isArray(value)) {
    for (const item of value) replaced += redact(item, depth + 1);
    return replaced;
  }
  const object = value as Record<string, unknown>;
  for (const [key, child] of Object.entries(object)) {
    if (CREDENTIAL_FIELDS.has(key.toLowerCase()) && typeof child === 'string' && child !== '') {
      object[key] = REDACTED;
      replaced += 1;
    } else {
      replaced += redact(child, depth + 1);
    }
  }
  return replaced;
}
