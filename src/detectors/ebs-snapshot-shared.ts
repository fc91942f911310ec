/** EBS snapshot shared with another account or made public. */
import { paramString } from '../cloudtrail/fields.js';
import { defineDetector } from './detector.js';
import { sharedWith } from './ec2-share-grants.js';

const SNAPSHOT_PERMISSION_EVENTS = ['ModifySnapshotAttribute'];
export const ebsSnapshotShared = defineDetector({
  meta: {
    id: 'ebs-snapshot-shared',
    title: 'EBS snapshot shared with another account or made public',
    description:
      'Detects ModifySnapshotAttribute adding a createVolumePermission for group "all" (public) or for ' +
      'another AWS account: an intruder shares a disk snapshot to an account they own and copies the whole ' +
      'volume out. Unlike Panther, failed attempts are reported too, one step lower: a refused share still ' +
      'shows what the key was after.',
    category: 'data-exfiltration',
    severity: 'high',
    attack: ['T1537'],
    falsePositives: [
      'A backup or disaster-recovery pipeline sharing snapshots with the organization’s backup account ' +
        '(the same target account every time, usually from AWS Backup or Data Lifecycle Manager).',
      'A migration team sharing a snapshot with a new account of the same organization.',
    ],
    runbook: [
      'Check requestParameters.createVolumePermission.add.items: is the userId an account of your ' +
        'organization? If not, remove the permission at once (ModifySnapshotAttribute operationType remove).',
      'List CreateSnapshot, CopySnapshot and ModifySnapshotAttribute by the same userIdentity.accessKeyId ' +
        'in the 24 hours before eventTime to find every snapshot that left.',
      'If the caller is not a known automation role, contain the key: deactivate it and revoke its sessions.',
    ],
    references: [
      'https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_ModifySnapshotAttribute.html',
      'https://stratus-red-team.cloud/attack-techniques/AWS/aws.exfiltration.ec2-share-ebs-snapshot/',
      'https://attack.mitre.org/techniques/T1537/',
    ],
    events: SNAPSHOT_PERMISSION_EVENTS,
  },
  match(event) {
    const grant = sharedWith(event, 'createVolumePermission');
    if (!grant) return undefined;
    const snapshot = paramString(event, 'snapshotId') ?? 'a snapshot';
    const verb = event.failed ? 'tried to share' : 'shared';
    return {
      summary: `${event.identity.arn} ${verb} EBS snapshot ${snapshot} with ${grant.target} in ${event.awsRegion}.`,
    };
  },
});
