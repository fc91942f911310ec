/** Findings as the grouper makes them (same fingerprint rule), redacted: account 123456789012, doc IPs. */
import type { Category } from '../../src/detectors/categories.js';
import type { Finding } from '../../src/findings/finding.js';
import { fingerprintOf } from '../../src/findings/grouper.js';
import type { Severity } from '../../src/findings/severity.js';

export const ACCOUNT = '123456789012';
export const ALICE = `arn:aws:iam::${ACCOUNT}:user/alice`;
export const BOB = `arn:aws:iam::${ACCOUNT}:user/bob`;
export const KEY_ONE = 'AKIAIOSFODNN7EXAMPLE';
export const KEY_TWO = 'AKIAI44QH8DHBEXAMPLE';

/** Event times start here; the store's clock in the harnesses starts a day later. */
export const T0 = Date.parse('2024-05-01T10:00:00.000Z');
export const HOUR = 3_600_000;
export const at = (minutes: number) => new Date(T0 + minutes * 60_000).toISOString();

export interface BurstInput {
  detector?: string;
  category?: Category;
  severity?: Severity;
  principalArn?: string;
  accessKeyId?: string;
  /** The first one names the burst (it is part of the fingerprint). */
  eventIds?: string[];
  eventCount?: number;
  /** Minutes after T0. */
  from?: number;
  to?: number;
  summary?: string;
  userAgents?: string[];
}

export function burst(input: BurstInput = {}): Finding {
  const detector = input.detector ?? 'access-keys-listed';
  const arn = input.principalArn ?? ALICE;
  const eventIds = input.eventIds ?? ['11111111-2222-3333-4444-000000000001'];
  const fingerprint = fingerprintOf(detector, arn, input.accessKeyId ?? '', eventIds[0] ?? '');
  const finding: Finding = {
    id: `tw-${fingerprint.slice(0, 12)}`,
    detector,
    category: input.category ?? 'access-key-activity',
    severity: input.severity ?? 'medium',
    title: `test: ${detector}`,
    summary: input.summary ?? `${arn.split('/').pop()} listed access keys.`,
    principal: { arn, type: 'IAMUser', accountId: ACCOUNT, userName: arn.split('/').pop() as string },
    sourceIPs: ['203.0.113.10'],
    regions: ['us-east-1'],
    userAgents: input.userAgents ?? ['aws-cli/2.15.0'],
    eventNames: ['ListAccessKeys'],
    eventIds,
    eventCount: input.eventCount ?? eventIds.length,
    firstSeen: at(input.from ?? 0),
    lastSeen: at(input.to ?? input.from ?? 0),
    attack: ['T1087.004'],
    fingerprint,
  };
  if (input.accessKeyId) finding.accessKeyId = input.accessKeyId;
  return finding;
}

/** Event ids e1…en in the CloudTrail UUID shape. */
export function eventIds(from: number, to: number): string[] {
  const ids: string[] = [];
  for (let n = from; n <= to; n += 1) ids.push(`11111111-2222-3333-4444-${String(n).padStart(12, '0')}`);
  return ids;
}
