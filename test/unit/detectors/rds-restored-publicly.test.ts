import { describe, expect, it } from 'vitest';
import { rdsRestoredPublicly } from '../../../src/detectors/rds-restored-publicly.js';
import { detect, record } from '../../helpers/records.js';

const rds = (
  eventName: string,
  requestParameters: Record<string, unknown>,
  responseElements: Record<string, unknown> | null = null,
) =>
  record({
    eventSource: 'rds.amazonaws.com',
    eventName,
    readOnly: false,
    requestParameters,
    responseElements,
  });

describe('rds-restored-publicly', () => {
  it('when a snapshot is restored into a public instance, raises high naming the copy and snapshot', () => {
    const event = rds(
      'RestoreDBInstanceFromDBSnapshot',
      {
        dBInstanceIdentifier: 'orders-copy',
        dBSnapshotIdentifier: 'orders-nightly-2026-03-01',
        publiclyAccessible: true,
      },
      { dBInstanceIdentifier: 'orders-copy', publiclyAccessible: true, dBInstanceStatus: 'creating' },
    );
    const [finding] = detect(rdsRestoredPublicly, [event]);
    expect(finding?.severity).toBe('high');
    expect(finding?.category).toBe('data-exfiltration');
    expect(finding?.summary).toContain(
      'restored RDS database orders-copy from orders-nightly-2026-03-01, publicly accessible',
    );
  });

  it('when the response says public though the request did not ask (default subnet), still high', () => {
    const [finding] = detect(rdsRestoredPublicly, [
      rds(
        'RestoreDBInstanceToPointInTime',
        { targetDBInstanceIdentifier: 'orders-pitr' },
        { publiclyAccessible: true },
      ),
    ]);
    expect(finding?.severity).toBe('high');
  });

  it('when an existing instance is made public, raises high', () => {
    const [finding] = detect(rdsRestoredPublicly, [
      rds('ModifyDBInstance', { dBInstanceIdentifier: 'orders-prod', publiclyAccessible: true }),
    ]);
    expect(finding?.severity).toBe('high');
    expect(finding?.summary).toContain('opened RDS database orders-prod');
  });

  it('when a restore stays private, reports it low', () => {
    const [finding] = detect(rdsRestoredPublicly, [
      rds('RestoreDBInstanceFromDBSnapshot', {
        dBInstanceIdentifier: 'orders-copy',
        dBSnapshotIdentifier: 's1',
        publiclyAccessible: false,
      }),
    ]);
    expect(finding?.severity).toBe('low');
  });

  it('when an instance is modified without going public, stays quiet', () => {
    expect(
      detect(rdsRestoredPublicly, [
        rds('ModifyDBInstance', { dBInstanceIdentifier: 'orders-prod', publiclyAccessible: false }),
        rds('ModifyDBInstance', { dBInstanceIdentifier: 'orders-prod', allocatedStorage: 200 }),
      ]),
    ).toEqual([]);
  });
});
