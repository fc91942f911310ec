/**
 * Strips credential material from a CloudTrail record before it is queued or stored. CloudTrail hides
 * most secrets itself, but not all: STS logs the new session token in
 * `responseElements.credentials.sessionToken`, services put passwords and private keys in
 * `requestParameters` (RDS master passwords, IAM server certificates, Directory Service) and in
 * `additionalEventData`, at whatever depth their API nests them. Job data and stored events are clear
 * text in Redis: the whole record is walked, at any depth, and every value under a credential-named
 * field (or any string holding a PEM private key) is replaced.
 */
import { boundedMemo } from '../bounded-memo.js';

export const REDACTED = '<redacted>';

/**
 * Field names compared after lower-casing and dropping `_`, `-` and `.`, so `SessionToken`,
 * `session_token` and `x-amz-security-token` all match. The access key id next to a token stays:
 * detectors follow it. Numeric and boolean fields (`minimumPasswordLength`, `passwordResetRequired`)
 * never match: only names that hold the secret itself.
 */
const EXACT_FIELDS = new Set([
  'passwd',
  'passworddata',
  'secretkey',
  'signintoken',
  'accesstoken',
  'refreshtoken',
  'idtoken',
  'authtoken',
  'authorizationtoken',
  'bearertoken',
  'privatekeymaterial',
]);
const FIELD_SUFFIXES = [
  'password',
  'passphrase',
  'privatekey',
  'secretaccesskey',
  'sessiontoken',
  'securitytoken',
  'clientsecret',
  'secretstring',
  'secretbinary',
];
const PEM_PRIVATE_KEY = /-----BEGIN [A-Z0-9 ]*PRIVATE KEY-----/;

// Records repeat the same few hundred field names: each verdict is remembered, up to a bound, since a
// hostile record could bring endless new names.
export const isCredentialField: (name: string) => boolean = boundedMemo((name) => {
  const plain = name.toLowerCase().replace(/[-_.]/g, '');
  return EXACT_FIELDS.has(plain) || FIELD_SUFFIXES.some((suffix) => plain.endsWith(suffix));
}, 10_000);

/**
 * Replaces credential values anywhere in the record, in place; returns how many it replaced. A
 * credential-named field holding an object or array has every string inside it replaced. Walks with
 * its own stack, not recursion: a hostile record nested 100,000 deep cannot overflow the call stack.
 */
export function redactCredentials(record: Record<string, unknown>): number {
  let replaced = 0;
  const stack: { value: unknown; secret: boolean }[] = [{ value: record, secret: false }];
  while (stack.length > 0) {
    const { value, secret } = stack.pop() as { value: unknown; secret: boolean };
    if (typeof value !== 'object' || value === null) continue;
    const container = value as Record<string, unknown>;
    for (const key of Object.keys(container)) {
      const child = container[key];
      const childSecret = secret || (!Array.isArray(container) && isCredentialField(key));
      if (typeof child === 'string') {
        const pem = !childSecret && child.includes('-----BEGIN ') && PEM_PRIVATE_KEY.test(child);
        if (child !== '' && child !== REDACTED && (childSecret || pem)) {
          container[key] = REDACTED;
          replaced += 1;
        }
      } else if (typeof child === 'object' && child !== null) {
        stack.push({ value: child, secret: childSecret });
      }
    }
  }
  return replaced;
}
