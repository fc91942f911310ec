import { describe, expect, it } from 'vitest';
import { rdsSnapshotShared } from '../../../src/detectors/rds-snapshot-shared.js';
import { detect, record } from '../../helpers/records.js';

const modify = (requestParameters: Record<string, unknown>, overrides: Record<string, unknown> = {}) =>
  record({
    eventSource: 'rds.amazonaws.com',
    eventName: 'ModifyDBSnapshotAttribute',
    readOnly: false,
    requestParameters: { attributeName: 'restore', ...requestParameters },
    ...overrides,
  });

describe('rds-snapshot-shared', () => {
  it('when a user shares a DB snapshot with a foreign account, raises a high finding naming both', () => {
    const event = modify({ dBSnapshotIdentifier: 'prod-db-2026-03-01', valuesToAdd: ['210987654321'] });
    const [finding, ...rest] = detect(rdsSnapshotShared, [event]);
    expect(rest).toHaveLength(0);
    expect(finding?.severity).toBe('high');
    expect(finding?.category).toBe('data-exfiltration');
    expect(finding?.eventIds).toEqual([event.eventID]);
    expect(finding?.summary).toContain('prod-db-2026-03-01');
    expect(finding?.summary).toContain('account 210987654321');
  });

  it('when a user makes a cluster snapshot public, says so', () => {
    const [finding] = detect(rdsSnapshotShared, [
      modify(
        { dBClusterSnapshotIdentifier: 'aurora-orders-snap', valuesToAdd: ['all'] },
        { eventName: 'ModifyDBClusterSnapshotAttribute' },
      ),
    ]);
    expect(finding?.severity).toBe('high');
    expect(finding?.summary).toContain('aurora-orders-snap with everyone (public)');
  });

  it('when the share is refused, reports the attempt one step lower', () => {
    const [finding] = detect(rdsSnapshotShared, [
      modify({ dBSnapshotIdentifier: 'prod-db', valuesToAdd: ['all'] }, { errorCode: 'AccessDenied' }),
    ]);
    expect(finding?.severity).toBe('medium');
    expect(finding?.summary).toContain('tried to share');
  });

  it('when values are only removed, name the own account, or another attribute changes, stays quiet', () => {
    expect(
      detect(rdsSnapshotShared, [
        modify({ dBSnapshotIdentifier: 'a', valuesToRemove: ['210987654321'] }),
        modify({ dBSnapshotIdentifier: 'b', valuesToAdd: ['123456789012'] }),
        modify({ dBSnapshotIdentifier: 'c', attributeName: 'other', valuesToAdd: ['all'] }),
      ]),
    ).toEqual([]);
  });
});
