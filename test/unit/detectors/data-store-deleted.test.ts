import { describe, expect, it } from 'vitest';
import { dataStoreDeleted } from '../../../src/detectors/data-store-deleted.js';
import { awsService, detect, record } from '../../helpers/records.js';

const call = (
  eventSource: string,
  eventName: string,
  requestParameters: Record<string, unknown>,
  overrides = {},
) => record({ eventSource, eventName, readOnly: false, requestParameters, ...overrides });

describe('data-store-deleted', () => {
  it('when a bucket is deleted, raises low naming it', () => {
    const event = call('s3.amazonaws.com', 'DeleteBucket', {
      bucketName: 'customer-exports',
      Host: 'customer-exports.s3.amazonaws.com',
    });
    const [finding] = detect(dataStoreDeleted, [event]);
    expect(finding?.severity).toBe('low');
    expect(finding?.eventIds).toEqual([event.eventID]);
    expect(finding?.summary).toContain('deleted S3 bucket customer-exports');
  });

  it('when an EFS file system is deleted, raises medium', () => {
    const [finding] = detect(dataStoreDeleted, [
      call('elasticfilesystem.amazonaws.com', 'DeleteFileSystem', { fileSystemId: 'fs-0123456789abcdef0' }),
    ]);
    expect(finding?.severity).toBe('medium');
    expect(finding?.summary).toContain('fs-0123456789abcdef0');
  });

  it('when an RDS instance is deleted without a final snapshot, raises medium and says so', () => {
    const [finding] = detect(dataStoreDeleted, [
      call('rds.amazonaws.com', 'DeleteDBInstance', {
        dBInstanceIdentifier: 'orders-prod',
        skipFinalSnapshot: true,
        deleteAutomatedBackups: true,
      }),
    ]);
    expect(finding?.severity).toBe('medium');
    expect(finding?.summary).toContain('skipping the final snapshot');
  });

  it('when an AWS Backup recovery point is deleted, raises medium', () => {
    const [finding] = detect(dataStoreDeleted, [
      call('backup.amazonaws.com', 'DeleteRecoveryPoint', {
        backupVaultName: 'Default',
        recoveryPointArn: 'arn:aws:ec2:us-east-1::snapshot/snap-0123456789abcdef0',
      }),
    ]);
    expect(finding?.severity).toBe('medium');
  });

  it('when an AWS Backup vault’s lock is removed, raises medium naming the vault', () => {
    const [finding] = detect(dataStoreDeleted, [
      call('backup.amazonaws.com', 'DeleteBackupVaultLockConfiguration', { backupVaultName: 'prod-vault' }),
    ]);
    expect(finding?.severity).toBe('medium');
    expect(finding?.summary).toContain('removed the lock of AWS Backup vault prod-vault');
  });

  it('when an RDS manual snapshot is deleted, raises low naming it', () => {
    const [finding] = detect(dataStoreDeleted, [
      call('rds.amazonaws.com', 'DeleteDBSnapshot', { dBSnapshotIdentifier: 'orders-prod-2026-03-01' }),
    ]);
    expect(finding?.severity).toBe('low');
    expect(finding?.summary).toContain('deleted RDS snapshot orders-prod-2026-03-01');
  });

  it('when CloudFormation deletes a bucket for its stack, ranks it two steps lower', () => {
    const [finding] = detect(dataStoreDeleted, [
      call(
        's3.amazonaws.com',
        'DeleteBucket',
        { bucketName: 'stack-logs' },
        { userIdentity: awsService(), sourceIPAddress: 'cloudformation.amazonaws.com' },
      ),
    ]);
    expect(finding?.severity).toBe('info');
  });

  it('when objects are deleted, or Glue deletes a table, stays quiet', () => {
    expect(
      detect(dataStoreDeleted, [
        call('s3.amazonaws.com', 'DeleteObject', { bucketName: 'b', key: 'k' }),
        call('glue.amazonaws.com', 'DeleteTable', { databaseName: 'lake', name: 'events' }),
      ]),
    ).toEqual([]);
  });
});
