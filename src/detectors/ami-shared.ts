/** AMI made public or shared with another account. */
import { paramString } from '../cloudtrail/fields.js';
import { defineDetector } from './detector.js';
import { sharedWith } from './ec2-share-grants.js';

const IMAGE_PERMISSION_EVENTS = ['ModifyImageAttribute'];
export const amiShared = defineDetector({
  meta: {
    id: 'ami-shared',
    title: 'AMI made public or shared with another account',
    description:
      'Detects ModifyImageAttribute adding a launchPermission for group "all" (public, high) or for ' +
      'another AWS account (medium): an image carries the disk of the instance it was made from, with any ' +
      'keys and data baked in, so sharing it out copies the machine. Sharing with an organization or OU ' +
      'ARN is not reported. Unlike Panther, failed attempts are reported too, one step lower.',
    category: 'data-exfiltration',
    severity: 'high',
    attack: ['T1537'],
    falsePositives: [
      'An image pipeline (Packer, EC2 Image Builder) sharing golden AMIs with workload accounts; the target ' +
        'accounts repeat and belong to the organization.',
      'A vendor or marketplace team publishing a public AMI on purpose.',
    ],
    runbook: [
      'Check requestParameters.launchPermission.add.items: if the group is "all" or the userId is not an ' +
        'account you own, remove the permission (ModifyImageAttribute with launchPermission.remove).',
      'Look for CreateImage or CopyImage by the same userIdentity.accessKeyId in the 24 hours before ' +
        'eventTime: an intruder images a running instance first.',
      'If the caller is not a known image pipeline, contain the key: deactivate it and revoke its sessions.',
    ],
    references: [
      'https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_ModifyImageAttribute.html',
      'https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/sharingamis-explicit.html',
      'https://attack.mitre.org/techniques/T1537/',
    ],
    events: IMAGE_PERMISSION_EVENTS,
  },
  match(event) {
    const grant = sharedWith(event, 'launchPermission');
    if (!grant) return undefined;
    const image = paramString(event, 'imageId') ?? 'an AMI';
    const verb = event.failed ? 'tried to share' : 'shared';
    return {
      severity: grant.isPublic ? 'high' : 'medium',
      summary: `${event.identity.arn} ${verb} AMI ${image} with ${grant.target} in ${event.awsRegion}.`,
    };
  },
});
