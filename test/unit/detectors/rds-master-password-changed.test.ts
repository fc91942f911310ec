import { describe, expect, it } from 'vitest';
import { rdsMasterPasswordChanged } from '../../../src/detectors/rds-master-password-changed.js';
import { detect, record } from '../../helpers/records.js';

// CloudTrail writes the new password as HIDDEN_DUE_TO_SECURITY_REASONS.
const modify = (eventName: string, requestParameters: Record<string, unknown>) =>
  record({ eventSource: 'rds.amazonaws.com', eventName, readOnly: false, requestParameters });

describe('rds-master-password-changed', () => {
  it('when an instance master password is reset, raises medium naming the database', () => {
    const event = modify('ModifyDBInstance', {
      dBInstanceIdentifier: 'orders-prod',
      masterUserPassword: 'HIDDEN_DUE_TO_SECURITY_REASONS',
      applyImmediately: true,
    });
    const [finding] = detect(rdsMasterPasswordChanged, [event]);
    expect(finding?.severity).toBe('medium');
    expect(finding?.category).toBe('privilege-change');
    expect(finding?.eventIds).toEqual([event.eventID]);
    expect(finding?.summary).toContain('reset the master password of RDS database orders-prod');
  });

  it('when a cluster master password is reset, names the cluster', () => {
    const [finding] = detect(rdsMasterPasswordChanged, [
      modify('ModifyDBCluster', {
        dBClusterIdentifier: 'aurora-main',
        masterUserPassword: 'HIDDEN_DUE_TO_SECURITY_REASONS',
      }),
    ]);
    expect(finding?.summary).toContain('aurora-main');
  });

  it('when other settings change, stays quiet', () => {
    expect(
      detect(rdsMasterPasswordChanged, [
        modify('ModifyDBInstance', { dBInstanceIdentifier: 'orders-prod', backupRetentionPeriod: 14 }),
      ]),
    ).toEqual([]);
  });
});
