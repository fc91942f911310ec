/** Whole machines and databases exported to S3: an instance, an image, an RDS snapshot, a DynamoDB table. */
import { paramString } from '../cloudtrail/fields.js';
import { defineDetector } from './detector.js';
import { type Effect, effectSignal } from './effects.js';

const EXPORTS: Record<string, Effect> = {
  CreateInstanceExportTask: ['medium', 'started an export of', 'export', 'EC2 instance'],
  ExportImage: ['medium', 'started an export of', 'export', 'AMI'],
  StartExportTask: ['low', 'started an export to S3 of', 'export', 'RDS snapshot'],
  ExportTableToPointInTime: ['low', 'started an export to S3 of', 'export', 'DynamoDB table'],
};

export const dataExported = defineDetector({
  meta: {
    id: 'data-exported',
    title: 'Instance, image, RDS snapshot or DynamoDB table exported to S3',
    description:
      'Detects CreateInstanceExportTask and ExportImage (medium; Sigma aws_ec2_vm_export_failure reports ' +
      'only failures, trailwatch reports every export and failures one step lower), RDS StartExportTask and ' +
      'DynamoDB ExportTableToPointInTime (low; Elastic collection_rds_snapshot_export, Sigma ' +
      'aws_dynamodb_table_exported_to_s3): a stolen key copies a whole disk or database into a bucket, ' +
      'often one it can then share or read from outside.',
    category: 'data-exfiltration',
    severity: 'medium',
    attack: ['T1537', 'T1530'],
    falsePositives: [
      'Migrations that export VMs to on-premises hypervisors.',
      'Analytics pipelines exporting RDS snapshots or DynamoDB tables to a data lake every night.',
    ],
    runbook: [
      'Read the destination bucket (requestParameters.exportToS3Task.s3Bucket, s3BucketName or s3Bucket): ' +
        'is it the account’s own, and who can read it?',
      'Look for PutBucketPolicy, PutBucketAcl or replication on that bucket by the same ' +
        'userIdentity.accessKeyId within 24 hours.',
      'If unexpected, cancel the export task, delete the exported objects and contain the key.',
    ],
    references: [
      'https://docs.aws.amazon.com/vm-import/latest/userguide/vmexport.html',
      'https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/USER_ExportSnapshot.html',
      'https://attack.mitre.org/techniques/T1537/',
    ],
    events: Object.keys(EXPORTS),
  },
  match(event) {
    const effect = EXPORTS[event.eventName];
    if (!effect) return undefined;
    const name =
      paramString(event, 'instanceId') ??
      paramString(event, 'imageId') ??
      paramString(event, 'sourceArn') ??
      paramString(event, 'tableArn');
    const bucket =
      paramString(event, 'exportToS3Task.s3Bucket') ??
      paramString(event, 's3ExportLocation.s3Bucket') ??
      paramString(event, 's3BucketName') ??
      paramString(event, 's3Bucket');
    return effectSignal(event, effect, name, bucket ? ` to bucket ${bucket}` : '');
  },
});
