/**
 * Builds redacted CloudTrail records after the CloudTrail record reference: account 123456789012,
 * documentation IP ranges (192.0.2.0/24, 198.51.100.0/24, 203.0.113.0/24).
 */
import type { DetectionContext } from '../../src/behaviour/context.js';
import type { TrailEvent } from '../../src/cloudtrail/event.js';
import { normaliseRecord } from '../../src/cloudtrail/normalise.js';
import { DEFAULT_TUNING } from '../../src/config/tuning.js';
import type { Detector } from '../../src/detectors/detector.js';
import { createDetectionEngine } from '../../src/detectors/engine.js';
import type { Finding } from '../../src/findings/finding.js';

export const ACCOUNT = '123456789012';
let counter = 0;

export function iamUser(userName = 'alice', accessKeyId = 'AKIAIOSFODNN7EXAMPLE') {
  return {
    type: 'IAMUser',
    principalId: 'AIDAEXAMPLEPRINCIPAL',
    arn: `arn:aws:iam::${ACCOUNT}:user/${userName}`,
    accountId: ACCOUNT,
    accessKeyId,
    userName,
  };
}

export function assumedRole(
  roleName = 'DeployRole',
  session = 'session-1',
  accessKeyId = 'ASIAEXAMPLETEMPKEY01',
) {
  return {
    type: 'AssumedRole',
    principalId: `AROAEXAMPLEROLEID:${session}`,
    arn: `arn:aws:sts::${ACCOUNT}:assumed-role/${roleName}/${session}`,
    accountId: ACCOUNT,
    accessKeyId,
    sessionContext: {
      sessionIssuer: {
        type: 'Role',
        principalId: 'AROAEXAMPLEROLEID',
        arn: `arn:aws:iam::${ACCOUNT}:role/${roleName}`,
        accountId: ACCOUNT,
        userName: roleName,
      },
      attributes: { creationDate: '2026-03-02T09:00:00Z', mfaAuthenticated: 'false' },
    },
  };
}

export function root(accessKeyId?: string) {
  return {
    type: 'Root',
    principalId: ACCOUNT,
    arn: `arn:aws:iam::${ACCOUNT}:root`,
    accountId: ACCOUNT,
    ...(accessKeyId ? { accessKeyId } : {}),
  };
}

export function awsService(invokedBy = 'cloudformation.amazonaws.com') {
  return { type: 'AWSService', invokedBy };
}

/** A complete management-event record; override any field. */
export function record(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  counter += 1;
  return {
    eventVersion: '1.09',
    userIdentity: iamUser(),
    eventTime: '2026-03-02T10:00:00Z',
    eventSource: 'iam.amazonaws.com',
    eventName: 'ListUsers',
    awsRegion: 'us-east-1',
    sourceIPAddress: '203.0.113.10',
    userAgent: 'aws-cli/2.15.0 Python/3.11.6 Linux/6.1 exe/x86_64',
    requestParameters: null,
    responseElements: null,
    requestID: `req-${counter}`,
    eventID: `00000000-0000-4000-8000-${String(counter).padStart(12, '0')}`,
    readOnly: true,
    eventType: 'AwsApiCall',
    managementEvent: true,
    recipientAccountId: ACCOUNT,
    eventCategory: 'Management',
    ...overrides,
  };
}

export function toEvent(raw: Record<string, unknown>): TrailEvent {
  const result = normaliseRecord(raw);
  if (!result.ok) throw new Error(`test record is malformed: ${result.reason}`);
  return result.event;
}

/** Runs the given detectors over records (sorted by eventTime, as the scan does) and returns findings. */
export function detect(
  detectors: Detector | readonly Detector[],
  records: Record<string, unknown>[],
): Finding[] {
  const engine = createDetectionEngine({
    detectors: Array.isArray(detectors) ? detectors : [detectors as Detector],
  });
  const events = records.map(toEvent).sort((a, b) => a.time - b.time);
  const findings = events.flatMap((event) => engine.process(event));
  return [...findings, ...engine.finish()];
}

/** `n` minutes after a base ISO time, as an ISO string. */
export function minutesAfter(base: string, n: number): string {
  return new Date(Date.parse(base) + n * 60_000).toISOString().replace('.000Z', 'Z');
}

/** A context with no history: what a detector sees for a principal it has never met. */
export function freshContext(): DetectionContext {
  return {
    tuning: DEFAULT_TUNING,
    source: { kind: 'documentation', network: 'documentation', isAws: false },
    learning: true,
    allowedSource: false,
  };
}
