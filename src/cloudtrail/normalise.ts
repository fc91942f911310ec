/** Turns one raw CloudTrail record into a TrailEvent, or says why it can't. */
import { boundedMemo } from '../bounded-memo.js';
import { hasLowerCaseKeys, withCanonicalKeys } from './canonical-keys.js';
import type { Identity, IdentityType, KeyKind, TrailEvent } from './event.js';

export type NormaliseResult = { ok: true; event: TrailEvent } | { ok: false; reason: string };

const IDENTITY_TYPES = new Set<IdentityType>([
  'Root',
  'IAMUser',
  'AssumedRole',
  'FederatedUser',
  'WebIdentityUser',
  'SAMLUser',
  'AWSAccount',
  'AWSService',
  'IdentityCenterUser',
]);

// An IPv4 or IPv6 literal; anything else in sourceIPAddress is a service name ("ec2.amazonaws.com")
// or "AWS Internal".
const IP_LITERAL = /^(\d{1,3}(\.\d{1,3}){3}|[0-9a-fA-F:]*:[0-9a-fA-F:.]+)$/;

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function str(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined;
}

// A trail repeats a few thousand values (principals, keys, accounts, regions, agents, addresses) across
// millions of records, each record with its own copy. Each copy is swapped for one kept string: an event
// waiting in the reorder buffer then holds no strings of its own for the scavenger to copy, and every
// lookup downstream (profiles, intel, bounded sets) finds the kept string's hash already computed.
const MAX_KEPT = 50_000;
const keptCopy = boundedMemo((value) => value, MAX_KEPT);

/** A non-empty string as the one kept copy; undefined for anything else. */
function kept(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? keptCopy(value) : undefined;
}

function keyKind(accessKeyId: string | undefined): KeyKind | undefined {
  if (!accessKeyId) return undefined;
  if (accessKeyId.startsWith('AKIA')) return 'long-term';
  if (accessKeyId.startsWith('ASIA')) return 'temporary';
  return 'unknown';
}

function normaliseIdentity(raw: Record<string, unknown>, recipientAccountId: string): Identity {
  const rawType = str(raw.type) ?? 'Unknown';
  const type: IdentityType = IDENTITY_TYPES.has(rawType as IdentityType)
    ? (rawType as IdentityType)
    : 'Unknown';
  const accountId = kept(raw.accountId) ?? recipientAccountId;
  const session = isObject(raw.sessionContext) ? raw.sessionContext : undefined;
  const issuerRaw = session && isObject(session.sessionIssuer) ? session.sessionIssuer : undefined;
  const attributes = session && isObject(session.attributes) ? session.attributes : undefined;
  const accessKeyId = kept(raw.accessKeyId);
  const invokedBy = kept(raw.invokedBy);
  let arn = kept(raw.arn);
  if (!arn) {
    // CloudTrail omits arn for AWSService and AWSAccount callers; give them a stable name to group by.
    if (type === 'AWSService') arn = `service:${invokedBy ?? 'unknown'}`;
    else if (type === 'AWSAccount')
      arn = `account:${accountId}${str(raw.principalId) ? `:${raw.principalId}` : ''}`;
    else if (type === 'Root') arn = `arn:aws:iam::${accountId}:root`;
    else if (str(raw.principalId)) arn = `principal:${raw.principalId}`;
    // Failed console sign-ins for unknown user names carry only a userName (often
    // HIDDEN_DUE_TO_SECURITY_REASONS): keep them, they are what a password-spraying burst looks like.
    else arn = `unknown:${accountId}:${str(raw.userName) ?? 'unknown'}`;
  }
  const identity: Identity = { type, arn, accountId };
  const principalId = kept(raw.principalId);
  if (principalId) identity.principalId = principalId;
  if (accessKeyId) {
    identity.accessKeyId = accessKeyId;
    identity.keyKind = keyKind(accessKeyId);
  }
  if (invokedBy) identity.invokedBy = invokedBy;
  if (issuerRaw) {
    identity.sessionIssuer = {
      type: str(issuerRaw.type) ?? 'Unknown',
      arn: str(issuerRaw.arn),
      userName: str(issuerRaw.userName),
      accountId: str(issuerRaw.accountId),
    };
  }
  if (attributes && attributes.mfaAuthenticated !== undefined) {
    identity.mfaAuthenticated = String(attributes.mfaAuthenticated) === 'true';
  }
  const userName =
    kept(raw.userName) ?? identity.sessionIssuer?.userName ?? (type === 'Root' ? 'root' : undefined);
  if (userName) identity.userName = userName;
  if (type === 'AssumedRole') {
    const sessionName = sessionNameOf(arn);
    if (sessionName !== null) identity.sessionName = sessionName;
  }
  return identity;
}

const AMAZONAWS = '.amazonaws.com';

/** What is worked out from a kept string, worked out once: lookups by a kept string find its hash ready. */
const derivedOnce = <T>(derive: (from: string) => T) => boundedMemo(derive, MAX_KEPT);

const serviceOf = derivedOnce((eventSource) =>
  eventSource.endsWith(AMAZONAWS) ? eventSource.slice(0, -AMAZONAWS.length) : eventSource,
);

/** Whether sourceIPAddress is a service name rather than an IP literal. */
const isServiceSource = derivedOnce((sourceIp) => sourceIp !== '' && !IP_LITERAL.test(sourceIp));

/** An assumed role's session name: the last of three or more `/` segments (…:assumed-role/<role>/<session>). */
const sessionNameOf = derivedOnce((arn): string | null => {
  const last = arn.lastIndexOf('/');
  return last > arn.indexOf('/') ? arn.slice(last + 1) : null;
});

function objectOrNull(value: unknown): Record<string, unknown> | null {
  return isObject(value) ? value : null;
}

export function normaliseRecord(input: unknown): NormaliseResult {
  if (!isObject(input)) return { ok: false, reason: 'record is not a JSON object' };
  const raw = hasLowerCaseKeys(input) ? withCanonicalKeys(input) : input;
  const eventTime = raw.eventTime;
  if (typeof eventTime !== 'string') return { ok: false, reason: 'eventTime is missing or not a string' };
  const time = Date.parse(eventTime);
  if (Number.isNaN(time)) return { ok: false, reason: 'eventTime is not a date' };
  const eventName = kept(raw.eventName);
  if (!eventName) return { ok: false, reason: 'eventName is missing or not a string' };
  const eventSource = kept(raw.eventSource);
  if (!eventSource) return { ok: false, reason: 'eventSource is missing or not a string' };
  if (raw.userIdentity !== undefined && !isObject(raw.userIdentity)) {
    return { ok: false, reason: 'userIdentity is not an object' };
  }
  for (const field of ['requestParameters', 'responseElements', 'additionalEventData'] as const) {
    const value = raw[field];
    // These are JSON strings in Athena exports (and additionalEventData in some older records).
    if (value !== undefined && value !== null && typeof value !== 'object' && typeof value !== 'string') {
      return { ok: false, reason: `${field} is not an object` };
    }
  }
  const recipientAccountId = kept(raw.recipientAccountId) ?? '';
  const identity = normaliseIdentity(isObject(raw.userIdentity) ? raw.userIdentity : {}, recipientAccountId);

  const sourceIp = kept(raw.sourceIPAddress) ?? '';
  const errorCode = str(raw.errorCode);
  const event: TrailEvent = {
    eventId: str(raw.eventID) ?? `${eventSource}:${eventName}:${eventTime}:${str(raw.requestID) ?? ''}`,
    eventTime,
    time,
    eventName,
    eventSource,
    service: serviceOf(eventSource),
    awsRegion: kept(raw.awsRegion) ?? 'us-east-1',
    sourceIp,
    sourceIsService: isServiceSource(sourceIp),
    userAgent: kept(raw.userAgent) ?? '',
    failed: errorCode !== undefined,
    eventCategory: str(raw.eventCategory) ?? 'Management',
    eventType: str(raw.eventType) ?? 'AwsApiCall',
    recipientAccountId: recipientAccountId || identity.accountId,
    identity,
    requestParameters: parseMaybeJson(raw.requestParameters),
    responseElements: parseMaybeJson(raw.responseElements),
    additionalEventData: parseMaybeJson(raw.additionalEventData),
  };
  if (errorCode) event.errorCode = errorCode;
  const errorMessage = str(raw.errorMessage);
  if (errorMessage) event.errorMessage = errorMessage;
  if (typeof raw.readOnly === 'boolean') event.readOnly = raw.readOnly;
  else if (raw.readOnly === 'true' || raw.readOnly === 'false') event.readOnly = raw.readOnly === 'true';
  return { ok: true, event };
}

function parseMaybeJson(value: unknown): Record<string, unknown> | null {
  if (isObject(value)) return value;
  if (typeof value === 'string') {
    try {
      return objectOrNull(JSON.parse(value));
    } catch {
      return null;
    }
  }
  return null;
}
