/** An RDS database's master password reset. */
import { param, paramString } from '../cloudtrail/fields.js';
import { defineDetector } from './detector.js';

const MODIFY = ['ModifyDBInstance', 'ModifyDBCluster'];

export const rdsMasterPasswordChanged = defineDetector({
  meta: {
    id: 'rds-master-password-changed',
    title: 'RDS master password changed',
    description:
      'Detects ModifyDBInstance or ModifyDBCluster carrying masterUserPassword (CloudTrail hides its value): ' +
      'whoever holds an API key with rds:Modify* can reset the database’s master password and log in to the ' +
      'data directly, past every IAM control (Panther AWS.RDS.MasterPasswordUpdated, Sigma ' +
      'aws_rds_change_master_password). Medium.',
    category: 'privilege-change',
    severity: 'medium',
    attack: ['T1098'],
    falsePositives: [
      'A scheduled password rotation run by the database team or a rotation Lambda.',
      'Restoring access to a database whose master password was lost.',
    ],
    runbook: [
      'Confirm with the database owner that the reset of requestParameters.dBInstanceIdentifier (or ' +
        'dBClusterIdentifier) at eventTime was theirs.',
      'Look for ModifyDBInstance with publiclyAccessible or security-group changes by the same ' +
        'userIdentity.accessKeyId within 2 hours: an intruder opens the network path too.',
      'If not expected, rotate the password, check database logins since eventTime and contain the key.',
    ],
    references: [
      'https://docs.aws.amazon.com/AmazonRDS/latest/APIReference/API_ModifyDBInstance.html',
      'https://attack.mitre.org/techniques/T1098/',
    ],
    events: MODIFY,
  },
  match(event) {
    if (param(event, 'masterUserPassword') === undefined) return undefined;
    const db =
      paramString(event, 'dBInstanceIdentifier') ?? paramString(event, 'dBClusterIdentifier') ?? 'a database';
    const verb = event.failed ? 'tried to reset' : 'reset';
    return {
      summary: `${event.identity.arn} ${verb} the master password of RDS database ${db} in ${event.awsRegion}.`,
    };
  },
});
