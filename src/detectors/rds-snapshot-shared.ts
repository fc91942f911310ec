/** RDS DB or cluster snapshot shared with another account or made public. */
import { items, param, paramString } from '../cloudtrail/fields.js';
import { defineDetector } from './detector.js';

const RDS_SNAPSHOT_ATTRIBUTE_EVENTS = ['ModifyDBSnapshotAttribute', 'ModifyDBClusterSnapshotAttribute'];
/** The only attribute that shares a snapshot; valuesToAdd holds account ids or "all" (public). */
const RESTORE_ATTRIBUTE = 'restore';
const PUBLIC_VALUE = 'all';

export const rdsSnapshotShared = defineDetector({
  meta: {
    id: 'rds-snapshot-shared',
    title: 'RDS snapshot shared with another account or made public',
    description:
      'Detects ModifyDBSnapshotAttribute and ModifyDBClusterSnapshotAttribute adding an account id or "all" ' +
      'to the restore attribute: whoever is added can restore the whole database in their own account. ' +
      'Failed attempts are reported one step lower.',
    category: 'data-exfiltration',
    severity: 'high',
    attack: ['T1537'],
    falsePositives: [
      'A cross-account backup job sharing snapshots with the organization’s backup or DR account.',
      'A database migration to another account of the same organization.',
    ],
    runbook: [
      'Check requestParameters.valuesToAdd: if it holds "all" or an account you do not own, remove it ' +
        '(the same call with valuesToRemove) and check whether the snapshot is encrypted with a KMS key ' +
        'shared to that account.',
      'List CreateDBSnapshot, CreateDBClusterSnapshot and CopyDBSnapshot by the same ' +
        'userIdentity.accessKeyId in the 24 hours before eventTime.',
      'If the caller is not a known backup role, contain the key: deactivate it and revoke its sessions.',
    ],
    references: [
      'https://docs.aws.amazon.com/AmazonRDS/latest/APIReference/API_ModifyDBSnapshotAttribute.html',
      'https://stratus-red-team.cloud/attack-techniques/AWS/aws.exfiltration.rds-share-snapshot/',
      'https://attack.mitre.org/techniques/T1537/',
    ],
    events: RDS_SNAPSHOT_ATTRIBUTE_EVENTS,
  },
  match(event) {
    if (paramString(event, 'attributeName') !== RESTORE_ATTRIBUTE) return undefined;
    const added = items(param(event, 'valuesToAdd')).filter(
      (value): value is string => typeof value === 'string',
    );
    const isPublic = added.includes(PUBLIC_VALUE);
    const accounts = added.filter((value) => value !== PUBLIC_VALUE && value !== event.recipientAccountId);
    if (!isPublic && accounts.length === 0) return undefined;
    const snapshot =
      paramString(event, 'dBSnapshotIdentifier') ??
      paramString(event, 'dBClusterSnapshotIdentifier') ??
      'a snapshot';
    const target = isPublic ? 'everyone (public)' : `account ${accounts.join(', ')}`;
    const verb = event.failed ? 'tried to share' : 'shared';
    return {
      summary: `${event.identity.arn} ${verb} RDS snapshot ${snapshot} with ${target} in ${event.awsRegion}.`,
    };
  },
});
