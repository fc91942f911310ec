/** An SSH key pair imported into EC2. */
import { paramString } from '../cloudtrail/fields.js';
import { defineDetector } from './detector.js';

const IMPORT = ['ImportKeyPair'];

export const ec2KeyPairImported = defineDetector({
  meta: {
    id: 'ec2-key-pair-imported',
    title: 'SSH key pair imported into EC2',
    description:
      'Detects ImportKeyPair: an intruder brings an SSH public key of its own so instances it launches, or ' +
      'rebuilds, accept its private key (Sigma aws_ec2_import_key_pair_activity). Low: teams import keys ' +
      'often; the finding gives context to a launch or user-data change by the same key.',
    category: 'privilege-change',
    severity: 'low',
    attack: ['T1098.004'],
    falsePositives: [
      'An engineer importing a personal SSH key for a new region or account.',
      'Infrastructure code (Terraform aws_key_pair) creating its key pair on each new environment.',
    ],
    runbook: [
      'Check requestParameters.keyName against the team’s naming; list instances launched with it ' +
        '(RunInstances with the same keyName) in the following 24 hours.',
      'If nobody owns the key, delete it (ec2 delete-key-pair) and contain the userIdentity.accessKeyId.',
    ],
    references: [
      'https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_ImportKeyPair.html',
      'https://attack.mitre.org/techniques/T1098/004/',
    ],
    events: IMPORT,
  },
  match(event) {
    const key = paramString(event, 'keyName') ?? 'a key pair';
    const verb = event.failed ? 'tried to import' : 'imported';
    return { summary: `${event.identity.arn} ${verb} SSH key pair ${key} into EC2 in ${event.awsRegion}.` };
  },
});
