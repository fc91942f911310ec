import { describe, expect, it } from 'vitest';
import { ebsSnapshotShared } from '../../../src/detectors/ebs-snapshot-shared.js';
import type { Severity } from '../../../src/findings/severity.js';
import { judgePanther, pantherCases, pantherCasesAvailable } from '../../helpers/panther-cases.js';
import { awsService, detect, record } from '../../helpers/records.js';

const share = (add: Record<string, unknown>[], overrides: Record<string, unknown> = {}) =>
  record({
    eventSource: 'ec2.amazonaws.com',
    eventName: 'ModifySnapshotAttribute',
    readOnly: false,
    requestParameters: {
      snapshotId: 'snap-0123456789abcdef0',
      attributeType: 'CREATE_VOLUME_PERMISSION',
      createVolumePermission: { add: { items: add } },
    },
    responseElements: { _return: true },
    ...overrides,
  });

describe('ebs-snapshot-shared', () => {
  it('when a user makes a snapshot public, raises a high data-exfiltration finding naming the snapshot', () => {
    const event = share([{ group: 'all' }]);
    const [finding, ...rest] = detect(ebsSnapshotShared, [event]);
    expect(rest).toHaveLength(0);
    expect(finding?.severity).toBe('high');
    expect(finding?.category).toBe('data-exfiltration');
    expect(finding?.eventIds).toEqual([event.eventID]);
    expect(finding?.summary).toContain('snap-0123456789abcdef0');
    expect(finding?.summary).toContain('everyone (public)');
  });

  it('when a user shares a snapshot with a foreign account, names that account at high', () => {
    const [finding] = detect(ebsSnapshotShared, [share([{ userId: '210987654321' }])]);
    expect(finding?.severity).toBe('high');
    expect(finding?.summary).toContain('account 210987654321');
  });

  it('when the attempt is refused, reports it one step lower as an attempt', () => {
    const [finding] = detect(ebsSnapshotShared, [
      share([{ group: 'all' }], { errorCode: 'Client.UnauthorizedOperation' }),
    ]);
    expect(finding?.severity).toBe('medium');
    expect(finding?.summary).toContain('tried to share');
  });

  it('when AWS Backup shares a snapshot for the account, ranks it low', () => {
    const [finding] = detect(ebsSnapshotShared, [
      share([{ userId: '210987654321' }], {
        userIdentity: awsService('backup.amazonaws.com'),
        sourceIPAddress: 'backup.amazonaws.com',
      }),
    ]);
    expect(finding?.severity).toBe('low');
  });

  it('when the permission names the own account, is removed, or is another attribute, stays quiet', () => {
    const removal = record({
      eventSource: 'ec2.amazonaws.com',
      eventName: 'ModifySnapshotAttribute',
      requestParameters: {
        snapshotId: 'snap-1',
        createVolumePermission: { remove: { items: [{ group: 'all' }] } },
      },
    });
    expect(detect(ebsSnapshotShared, [share([{ userId: '123456789012' }]), removal])).toEqual([]);
  });
});

// Panther's tests for the same rule (from panther-labs/panther-analysis, Apache-2.0), each scanned alone.
const PANTHER_RULE = 'AWS.CloudTrail.SnapshotMadePublic';
const PANTHER_SEVERITY: Record<string, Severity | undefined> = {
  'Snapshot Made Publicly Accessible': 'high',
  'Snapshot Not Made Publicly Accessible': undefined,
  'Error Making Snapshot Publicly Accessible': 'medium',
  'Snapshot Mader Available to Single Person': 'high',
};

describe.skipIf(!pantherCasesAvailable)(`Panther ${PANTHER_RULE}`, () => {
  it.each(pantherCases(PANTHER_RULE))('on "$name", agrees with Panther at the expected severity', (each) => {
    const verdict = judgePanther(ebsSnapshotShared, each);
    expect(verdict.malformed).toBeUndefined();
    expect(verdict.severity).toBe(PANTHER_SEVERITY[each.name]);
    if (each.expected) expect(verdict.caught).toBe(true);
    else expect(verdict.alarm).toBe(false);
  });
});
