import { describe, expect, it } from 'vitest';
import { classifyTrailKey } from '../../../../src/sources/s3-sqs/trail-key.js';

const ORG = 'AWSLogs/o-a1b2c3d4e5/111122223333';
const FILE = '111122223333_CloudTrail_eu-west-1_20261207T0105Z_AbCdEfGh12345678.json.gz';

describe('classifyTrailKey', () => {
  it("reads the account, region, date and organization of an organization trail's log file", () => {
    expect(classifyTrailKey(`${ORG}/CloudTrail/eu-west-1/2026/12/07/${FILE}`)).toEqual({
      kind: 'log',
      accountId: '111122223333',
      region: 'eu-west-1',
      orgId: 'o-a1b2c3d4e5',
      date: '2026-12-07',
    });
  });

  it("reads a plain trail's layout, and a bucket prefix in front of AWSLogs", () => {
    expect(classifyTrailKey(`AWSLogs/111122223333/CloudTrail/us-east-1/2026/12/07/${FILE}`)).toMatchObject({
      kind: 'log',
      accountId: '111122223333',
      region: 'us-east-1',
    });
    expect(
      classifyTrailKey(`trails/AWSLogs/111122223333/CloudTrail/us-east-1/2026/12/07/${FILE}`),
    ).toMatchObject({ kind: 'log' });
  });

  it('skips digest files, Insights files and anything else, naming which', () => {
    const digest = `${ORG}/CloudTrail-Digest/eu-west-1/2026/12/07/111122223333_CloudTrail-Digest_eu-west-1_x.json.gz`;
    const insight = `${ORG}/CloudTrail-Insight/eu-west-1/2026/12/07/111122223333_CloudTrail-Insight_eu-west-1_x.json.gz`;
    expect(classifyTrailKey(digest)).toEqual({ kind: 'skip', reason: 'digest' });
    expect(classifyTrailKey(insight)).toEqual({ kind: 'skip', reason: 'insight' });
    expect(classifyTrailKey(`${ORG}/Config/eu-west-1/2026/12/07/x.json.gz`)).toEqual({
      kind: 'skip',
      reason: 'other',
    });
    expect(
      classifyTrailKey('AWSLogs/o-a1b2c3d4e5/111122223333/CloudTrail/eu-west-1/2026/12/07/README.txt'),
    ).toEqual({
      kind: 'skip',
      reason: 'other',
    });
    expect(classifyTrailKey('uploads/photo.jpg')).toEqual({ kind: 'skip', reason: 'other' });
  });

  it('skips log files outside the configured prefix, accounts or regions as filtered', () => {
    const key = `${ORG}/CloudTrail/eu-west-1/2026/12/07/${FILE}`;
    expect(classifyTrailKey(key, { prefix: 'AWSLogs/o-zzzzzzzzzz/' })).toEqual({
      kind: 'skip',
      reason: 'filtered',
    });
    expect(classifyTrailKey(key, { accounts: ['999988887777'] })).toEqual({
      kind: 'skip',
      reason: 'filtered',
    });
    expect(classifyTrailKey(key, { regions: ['us-east-1'] })).toEqual({ kind: 'skip', reason: 'filtered' });
    expect(
      classifyTrailKey(key, {
        prefix: 'AWSLogs/o-a1b2c3d4e5/',
        accounts: ['111122223333'],
        regions: ['eu-west-1'],
      }),
    ).toMatchObject({ kind: 'log' });
  });
});
