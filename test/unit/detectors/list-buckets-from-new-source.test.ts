import { describe, expect, it } from 'vitest';
import { TuningSchema } from '../../../src/config/tuning.js';
import { createDetectionEngine } from '../../../src/detectors/engine.js';
import { listBucketsFromNewSource } from '../../../src/detectors/list-buckets-from-new-source.js';
import { detect, toEvent } from '../../helpers/records.js';
import { aliceRoutine, at, listBuckets, OUTSIDE_IP } from '../../helpers/s3-role-records.js';

describe('list-buckets-from-new-source', () => {
  it('when a principal with history lists buckets from a network it never used, raises a medium finding', () => {
    const list = listBuckets({ eventTime: at(10), sourceIPAddress: OUTSIDE_IP });
    const [finding, ...rest] = detect(listBucketsFromNewSource, [...aliceRoutine(), list]);
    expect(rest).toHaveLength(0);
    expect(finding?.severity).toBe('medium');
    expect(finding?.category).toBe('s3-access');
    expect(finding?.eventIds).toEqual([list.eventID]);
    expect(finding?.summary).toContain(`listed all S3 buckets from ${OUTSIDE_IP} (203.0.113.0/24)`);
    expect(finding?.summary).toContain('seen before only from 192.0.2.0/24');
    expect(finding?.summary).toContain('with key AKIAIOSFODNN7EXAMPLE');
  });

  it('when the listing comes from a new address inside a known network, stays quiet', () => {
    const list = listBuckets({ eventTime: at(10), sourceIPAddress: '192.0.2.200' });
    expect(detect(listBucketsFromNewSource, [...aliceRoutine(), list])).toEqual([]);
  });

  it('while the principal is still learning (two days of history), stays quiet', () => {
    const list = listBuckets({ eventTime: at(2), sourceIPAddress: OUTSIDE_IP });
    expect(detect(listBucketsFromNewSource, [...aliceRoutine(2), list])).toEqual([]);
  });

  it('when the listing comes from a private address or an allowed network, stays quiet', () => {
    const privateList = listBuckets({ eventTime: at(10), sourceIPAddress: '10.0.3.7' });
    expect(detect(listBucketsFromNewSource, [...aliceRoutine(), privateList])).toEqual([]);

    const tuning = TuningSchema.parse({ allow: { cidrs: ['203.0.113.0/24'] } });
    const engine = createDetectionEngine({ detectors: [listBucketsFromNewSource], tuning });
    const events = [...aliceRoutine(), listBuckets({ eventTime: at(10), sourceIPAddress: OUTSIDE_IP })];
    const findings = [...events.map(toEvent).flatMap((event) => engine.process(event)), ...engine.finish()];
    expect(findings).toEqual([]);
  });

  it('when routine listings come from the office, stays quiet', () => {
    expect(detect(listBucketsFromNewSource, aliceRoutine(14))).toEqual([]);
  });
});
