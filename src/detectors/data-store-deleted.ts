/** Buckets, file systems, tables and databases deleted, and their backups with them. */
import { param, paramString } from '../cloudtrail/fields.js';
import { defineDetector } from './detector.js';
import { type Effect, effectSignal } from './effects.js';

const DELETES: Record<string, Effect> = {
  DeleteBucket: ['low', 'deleted', 'delete', 'S3 bucket'],
  DeleteFileSystem: ['medium', 'deleted', 'delete', 'EFS file system'],
  DeleteMountTarget: ['low', 'deleted', 'delete', 'EFS mount target'],
  DeleteTable: ['low', 'deleted', 'delete', 'DynamoDB table'],
  DeleteDBInstance: ['low', 'deleted', 'delete', 'RDS instance'],
  DeleteDBCluster: ['low', 'deleted', 'delete', 'RDS cluster'],
  // Backups: the way back after a destructive intrusion, deleted first in a ransom.
  DeleteRecoveryPoint: ['medium', 'deleted', 'delete', 'AWS Backup recovery point'],
  DeleteBackupVault: ['medium', 'deleted', 'delete', 'AWS Backup vault'],
  DeleteBackupPlan: ['medium', 'deleted', 'delete', 'AWS Backup plan'],
  DeleteBackup: ['medium', 'deleted', 'delete', 'DynamoDB backup'],
  DeleteDBInstanceAutomatedBackup: ['medium', 'deleted', 'delete', 'the automated backups of RDS instance'],
  DeleteDBClusterAutomatedBackup: ['medium', 'deleted', 'delete', 'the automated backups of RDS cluster'],
  // Manual snapshots are deleted by retention jobs every day; one alone is low, a run of them reads in the incident.
  DeleteDBSnapshot: ['low', 'deleted', 'delete', 'RDS snapshot'],
  DeleteDBClusterSnapshot: ['low', 'deleted', 'delete', 'RDS cluster snapshot'],
  // Vault Lock is what keeps recovery points from being deleted, even by an administrator.
  DeleteBackupVaultLockConfiguration: ['medium', 'removed', 'remove', 'the lock of AWS Backup vault'],
};
/** Services that name each call, so an unrelated API with the same verb (DeleteTable in Glue) is ignored. */
const SOURCES = new Set([
  's3.amazonaws.com',
  'elasticfilesystem.amazonaws.com',
  'dynamodb.amazonaws.com',
  'rds.amazonaws.com',
  'backup.amazonaws.com',
]);

export const dataStoreDeleted = defineDetector({
  meta: {
    id: 'data-store-deleted',
    title: 'Bucket, file system, table, database or backup deleted',
    description:
      'Detects S3 DeleteBucket, EFS DeleteFileSystem and DeleteMountTarget, DynamoDB DeleteTable and RDS ' +
      'DeleteDBInstance/Cluster (low; medium for a whole EFS file system, or an RDS delete that skips the ' +
      'final snapshot), and deleted backups: AWS Backup recovery points, vaults and plans, DynamoDB backups ' +
      'and RDS automated backups, and an AWS Backup vault’s lock removed (medium); RDS manual snapshots ' +
      'deleted (low). Sigma aws_cloudtrail_bucket_deleted, aws_efs_fileshare_*, ' +
      'aws_dynamodb_table_or_backup_deleted, aws_backup_vault_or_recovery_point_deleted; Panther ' +
      'AWS.S3.BucketDeleted, aws_rds_instance_deletion, aws_rds_automated_backup_deleted; Elastic ' +
      'impact_rds_snapshot_deleted, impact_backup_vault_deleted_or_lock_removed. trailwatch has no ' +
      'impact category: destruction is filed under defense-evasion.',
    category: 'defense-evasion',
    severity: 'low',
    attack: ['T1485', 'T1490'],
    falsePositives: [
      'Teardown of test environments by Terraform or CloudFormation (ranked lower when a service acts).',
      'Backup retention clean-up run by hand after a policy change.',
    ],
    runbook: [
      'Check the resource named in requestParameters: was it still in use, and is there another copy ' +
        '(versioned bucket replica, snapshot, backup in another account)?',
      'List other deletions by the same userIdentity.accessKeyId in the 6 hours around eventTime: several ' +
        'stores and their backups deleted together is a destructive intrusion.',
      'If unexpected, contain the key and restore from the surviving backups.',
    ],
    references: [
      'https://docs.aws.amazon.com/AmazonS3/latest/API/API_DeleteBucket.html',
      'https://docs.aws.amazon.com/aws-backup/latest/devguide/logging-using-cloudtrail.html',
      'https://attack.mitre.org/techniques/T1485/',
      'https://attack.mitre.org/techniques/T1490/',
    ],
    events: Object.keys(DELETES),
  },
  match(event) {
    const effect = DELETES[event.eventName];
    if (!effect || !SOURCES.has(event.eventSource)) return undefined;
    const name =
      paramString(event, 'bucketName') ??
      paramString(event, 'fileSystemId') ??
      paramString(event, 'mountTargetId') ??
      paramString(event, 'tableName') ??
      paramString(event, 'dBInstanceIdentifier') ??
      paramString(event, 'dBClusterIdentifier') ??
      paramString(event, 'dBSnapshotIdentifier') ??
      paramString(event, 'dBClusterSnapshotIdentifier') ??
      paramString(event, 'recoveryPointArn') ??
      paramString(event, 'backupVaultName') ??
      paramString(event, 'backupPlanId') ??
      paramString(event, 'backupArn') ??
      paramString(event, 'dbiResourceId') ??
      paramString(event, 'dbClusterResourceId');
    const noFinalSnapshot = param(event, 'skipFinalSnapshot') === true;
    const signal = effectSignal(event, effect, name, noFinalSnapshot ? ', skipping the final snapshot' : '');
    return noFinalSnapshot ? { ...signal, severity: 'medium' } : signal;
  },
});
