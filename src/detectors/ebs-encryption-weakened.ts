/** EBS encryption by default turned off, or its default key changed. */
import { paramString } from '../cloudtrail/fields.js';
import { defineDetector } from './detector.js';
import { type Effect, effectSignal } from './effects.js';

const CHANGES: Record<string, Effect> = {
  DisableEbsEncryptionByDefault: ['medium', 'disabled', 'disable', 'EBS encryption by default'],
  ModifyEbsDefaultKmsKeyId: ['low', 'changed', 'change', 'the default EBS encryption key to'],
};

export const ebsEncryptionWeakened = defineDetector({
  meta: {
    id: 'ebs-encryption-weakened',
    title: 'EBS encryption by default disabled or its key changed',
    description:
      'Detects DisableEbsEncryptionByDefault (medium; Panther AWS.EC2.EBS.Encryption.Disabled, Sigma ' +
      'aws_ec2_disable_encryption, Elastic defense_evasion_ec2_disable_ebs_encryption): new volumes and ' +
      'snapshot copies are written in clear, so they can be shared with another account; and ' +
      'ModifyEbsDefaultKmsKeyId (low): new volumes encrypted under a key someone else may hold.',
    category: 'defense-evasion',
    severity: 'medium',
    attack: ['T1562.001', 'T1486'],
    falsePositives: [
      'A test account where the default is turned off to reproduce an unencrypted-volume bug.',
      'A planned move of the default key to a new customer managed key.',
    ],
    runbook: [
      'Turn it back on (ec2 enable-ebs-encryption-by-default) in awsRegion, or restore the previous key.',
      'List CreateSnapshot, CopySnapshot and ModifySnapshotAttribute by the same userIdentity.accessKeyId ' +
        'in the 24 hours after eventTime: unencrypted copies are the ones that can be shared out.',
    ],
    references: [
      'https://docs.aws.amazon.com/ebs/latest/userguide/encryption-by-default.html',
      'https://attack.mitre.org/techniques/T1562/001/',
    ],
    events: Object.keys(CHANGES),
  },
  match(event) {
    const effect = CHANGES[event.eventName];
    if (!effect) return undefined;
    return effectSignal(event, effect, paramString(event, 'kmsKeyId'));
  },
});
