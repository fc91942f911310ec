/** An RDS database restored from a snapshot or made reachable from the internet. */
import { param, paramString, response } from '../cloudtrail/fields.js';
import { defineDetector } from './detector.js';

const RESTORES = [
  'RestoreDBInstanceFromDBSnapshot',
  'RestoreDBInstanceToPointInTime',
  'RestoreDBInstanceFromS3',
  'RestoreDBClusterFromSnapshot',
  'RestoreDBClusterToPointInTime',
  'RestoreDBClusterFromS3',
];
const MODIFY = ['ModifyDBInstance', 'ModifyDBCluster'];

function isPublic(event: Parameters<typeof param>[0]): boolean {
  return param(event, 'publiclyAccessible') === true || response(event, 'publiclyAccessible') === true;
}

export const rdsRestoredPublicly = defineDetector({
  meta: {
    id: 'rds-restored-publicly',
    title: 'RDS database restored publicly or made public',
    description:
      'Detects an RDS restore (from a snapshot, to a point in time, from S3) or a ModifyDBInstance/Cluster ' +
      'with publiclyAccessible true in the request or response (high; Panther AWS.RDS.PublicRestore and ' +
      'aws_rds_instance_made_public, Sigma aws_rds_public_db_restore): an intruder copies a database into an ' +
      'instance reachable from the internet and reads it there. Restores that stay private rank low (Elastic ' +
      '"RDS Instance Restored"), since they are routine for backups and tests.',
    category: 'data-exfiltration',
    severity: 'high',
    attack: ['T1530', 'T1578.002'],
    falsePositives: [
      'A developer restoring a copy of a database for testing and opening it to reach it from a laptop.',
      'Disaster-recovery drills that restore snapshots on a schedule.',
    ],
    runbook: [
      'Check requestParameters.dBInstanceIdentifier: if it is public and unexpected, set publiclyAccessible ' +
        'false and restrict its security groups at once.',
      'Look for ModifyDBInstance with masterUserPassword and security-group changes on the same database by ' +
        'the same userIdentity.accessKeyId within 2 hours.',
      'Delete the copy if nobody owns it, and contain the key.',
    ],
    references: [
      'https://docs.aws.amazon.com/AmazonRDS/latest/APIReference/API_RestoreDBInstanceFromDBSnapshot.html',
      'https://stratus-red-team.cloud/attack-techniques/AWS/aws.exfiltration.rds-share-snapshot/',
      'https://attack.mitre.org/techniques/T1578/002/',
    ],
    events: [...RESTORES, ...MODIFY],
  },
  match(event) {
    const open = isPublic(event);
    const restore = RESTORES.includes(event.eventName);
    if (!open && !restore) return undefined;
    const db =
      paramString(event, 'dBInstanceIdentifier') ??
      paramString(event, 'dBClusterIdentifier') ??
      paramString(event, 'targetDBInstanceIdentifier') ??
      'a database';
    const how = restore
      ? event.failed
        ? 'tried to restore'
        : 'restored'
      : event.failed
        ? 'tried to open'
        : 'opened';
    const source = paramString(event, 'dBSnapshotIdentifier') ?? paramString(event, 'snapshotIdentifier');
    return {
      severity: open ? 'high' : 'low',
      summary:
        `${event.identity.arn} ${how} RDS database ${db}${source ? ` from ${source}` : ''}` +
        `${open ? ', publicly accessible from the internet,' : ''} in ${event.awsRegion}.`,
    };
  },
});
