import { describe, expect, it } from 'vitest';
import { TuningSchema } from '../../../src/config/tuning.js';
import { createDetectionEngine } from '../../../src/detectors/engine.js';
import { listBucketsFromNewSource } from '../../../src/detectors/list-buckets-from-new-source.js';
import { newBucketForPrincipal } from '../../../src/detectors/new-bucket-for-principal.js';
import { s3BulkObjectAccess } from '../../../src/detectors/s3-bulk-object-access.js';
import { simulateIncident, simulateRecords } from '../../../src/simulate/simulate.js';
import { assumedRole, detect, toEvent } from '../../helpers/records.js';
import { aliceRoutine, at, OUTSIDE_IP, s3Object } from '../../helpers/s3-role-records.js';

const EXPORTS = 'example-customer-exports';
const KNOWN = 'example-app-config';

/** `count` calls on distinct keys, two seconds apart, from day `day` 14:00. */
function burst(
  eventName: string,
  count: number,
  bucket = EXPORTS,
  overrides: Record<string, unknown> = {},
  day = 10,
): Record<string, unknown>[] {
  return Array.from({ length: count }, (_, i) =>
    s3Object(eventName, bucket, `customers/part-${String(i).padStart(5, '0')}.csv.gz`, {
      eventTime: at(day, 14, Math.floor((i * 2) / 60), (i * 2) % 60),
      ...overrides,
    }),
  );
}

describe('s3-bulk-object-access', () => {
  it('when a role session reads 200 distinct objects within ten minutes, raises one medium finding citing them', () => {
    const events = burst('GetObject', 200, EXPORTS, { userIdentity: assumedRole('ReportRole') });
    const [finding, ...rest] = detect(s3BulkObjectAccess, events);
    expect(rest).toHaveLength(0);
    expect(finding?.severity).toBe('medium');
    expect(finding?.category).toBe('s3-access');
    expect(finding?.eventIds).toEqual(events.map((event) => event.eventID));
    expect(finding?.summary).toContain(`read 200 or more distinct objects within 10 minutes with GetObject`);
    expect(finding?.summary).toContain(`starting in bucket ${EXPORTS}`);
  });

  it('when 200 objects are deleted in the window, ranks it high (the delete-and-ransom pattern)', () => {
    const [finding] = detect(s3BulkObjectAccess, burst('DeleteObject', 200));
    expect(finding?.severity).toBe('high');
    expect(finding?.summary).toContain('deleted 200 or more distinct objects');
  });

  it('when objects are rewritten with a customer-provided key (SSE-C), ranks it high', () => {
    const sseC = { 'x-amz-server-side-encryption-customer-algorithm': 'AES256' };
    const events = burst('CopyObject', 200).map((raw) => ({
      ...raw,
      requestParameters: { ...(raw.requestParameters as object), ...sseC },
    }));
    const [finding] = detect(s3BulkObjectAccess, events);
    expect(finding?.severity).toBe('high');
  });

  it('when a principal with history bulk-reads a bucket it never used, ranks it high', () => {
    const [finding] = detect(s3BulkObjectAccess, [...aliceRoutine(), ...burst('GetObject', 200)]);
    expect(finding?.severity).toBe('high');
    expect(finding?.summary).toContain('a bucket new for it');
  });

  it('when a principal with history bulk-reads its usual bucket from a new network, ranks it high', () => {
    const events = [...aliceRoutine(), ...burst('GetObject', 200, KNOWN, { sourceIPAddress: OUTSIDE_IP })];
    const [finding] = detect(s3BulkObjectAccess, events);
    expect(finding?.severity).toBe('high');
    expect(finding?.summary).toContain(`from ${OUTSIDE_IP} (203.0.113.0/24), a network new to it`);
  });

  it('when a principal bulk-writes its usual bucket from its usual network, ranks it low', () => {
    const [finding] = detect(s3BulkObjectAccess, [...aliceRoutine(), ...burst('PutObject', 200, KNOWN)]);
    expect(finding?.severity).toBe('low');
  });

  it('when 199 objects are read, or one object 300 times, or 200 spread over an hour, stays quiet', () => {
    const few = burst('GetObject', 199);
    const same = burst('GetObject', 300, EXPORTS, { userIdentity: assumedRole('Poller') }).map((raw) => ({
      ...raw,
      requestParameters: { bucketName: EXPORTS, key: 'status.json' },
    }));
    const slow = Array.from({ length: 200 }, (_, i) =>
      s3Object('GetObject', EXPORTS, `k-${i}`, {
        eventTime: at(11, 8, 0, i * 18),
        userIdentity: assumedRole('Slow'),
      }),
    );
    expect(detect(s3BulkObjectAccess, [...few, ...same, ...slow])).toEqual([]);
  });

  it('reads its threshold and window from tuning.s3', () => {
    const tuning = TuningSchema.parse({ s3: { bulkObjects: 20, windowMinutes: 5 } });
    const engine = createDetectionEngine({ detectors: [s3BulkObjectAccess], tuning });
    const events = burst('GetObject', 20).map(toEvent);
    const findings = [...events.flatMap((event) => engine.process(event)), ...engine.finish()];
    expect(findings).toHaveLength(1);
    expect(findings[0]?.eventCount).toBe(20);
    expect(findings[0]?.summary).toContain('read 20 or more distinct objects within 5 minutes');
  });
});

describe('s3-access detectors on the simulated account', () => {
  const options = { seed: 11, days: 21 };
  const records = [...simulateRecords(options)];
  const incident = new Set(simulateIncident(options).flatMap((stage) => stage.eventIds));
  const dataStage = new Set(simulateIncident(options).find((stage) => stage.stage === 'data')?.eventIds);
  const findings = detect([s3BulkObjectAccess, newBucketForPrincipal, listBucketsFromNewSource], records);

  it('report the data stage’s GetObject burst as s3-access', () => {
    const burst = findings.find((finding) => finding.detector === 's3-bulk-object-access');
    expect(burst?.category).toBe('s3-access');
    expect(burst?.eventCount).toBeGreaterThanOrEqual(200);
    expect(burst?.eventIds.every((id) => dataStage.has(id))).toBe(true);
    expect(['medium', 'high']).toContain(burst?.severity);
  });

  it('raise nothing at medium or above in three routine weeks', () => {
    const routineLoud = findings.filter(
      (finding) =>
        !finding.eventIds.some((id) => incident.has(id)) &&
        ['medium', 'high', 'critical'].includes(finding.severity),
    );
    expect(routineLoud.map((finding) => finding.summary)).toEqual([]);
  });
});
