/** KMS keys scheduled for deletion, disabled, or their imported key material replaced or removed. */
import { param, paramString } from '../cloudtrail/fields.js';
import { defineDetector } from './detector.js';
import { type Effect, effectSignal } from './effects.js';

const KMS = 'kms.amazonaws.com';

const CHANGES: Record<string, Effect> = {
  DeleteImportedKeyMaterial: [
    'high',
    'deleted the imported key material of',
    'delete key material of',
    'KMS key',
  ],
  ScheduleKeyDeletion: ['medium', 'scheduled the deletion of', 'schedule the deletion of', 'KMS key'],
  ImportKeyMaterial: ['medium', 'imported key material into', 'import key material into', 'KMS key'],
  DisableKey: ['low', 'disabled', 'disable', 'KMS key'],
  CreateCustomKeyStore: ['low', 'created', 'create', 'KMS custom key store'],
  ConnectCustomKeyStore: ['low', 'connected', 'connect', 'KMS custom key store'],
};

export const kmsKeyDestroyed = defineDetector({
  meta: {
    id: 'kms-key-destroyed',
    title: 'KMS key deletion scheduled, key disabled or key material replaced',
    description:
      'Detects KMS DeleteImportedKeyMaterial (high: data under the key is unreadable at once), ' +
      'ScheduleKeyDeletion and ImportKeyMaterial (medium) and DisableKey and custom key stores (low): the ' +
      'cloud ransomware pattern encrypts data with key material the intruder holds, then deletes it from KMS ' +
      '(Sigma aws_kms_import_key_material and aws_kms_custom_key_store_connected_or_created, Panther ' +
      'AWS.KMS.CustomerManagedKeyLoss). trailwatch has no impact category: destruction that removes the ' +
      'way back is filed under defense-evasion.',
    category: 'defense-evasion',
    severity: 'medium',
    attack: ['T1485', 'T1486'],
    falsePositives: [
      'Key cleanup when an application is retired (ScheduleKeyDeletion with the 30-day window).',
      'A team that brings its own key material and rotates it by re-importing (ImportKeyMaterial).',
    ],
    runbook: [
      'For ScheduleKeyDeletion, cancel it at once (kms cancel-key-deletion on requestParameters.keyId) ' +
        'while the pending window lasts; for DisableKey, re-enable the key.',
      'List Encrypt, ReEncrypt, CreateGrant and PutKeyPolicy by the same userIdentity.accessKeyId in the 24 ' +
        'hours before eventTime: data re-encrypted under a new key shows the ransomware pattern.',
      'Contain the key unless the key owner confirms the change.',
    ],
    references: [
      'https://docs.aws.amazon.com/kms/latest/developerguide/deleting-keys.html',
      'https://docs.aws.amazon.com/kms/latest/developerguide/importing-keys.html',
      'https://stratus-red-team.cloud/attack-techniques/AWS/aws.impact.s3-ransomware-client-side-encryption/',
      'https://attack.mitre.org/techniques/T1486/',
    ],
    events: Object.keys(CHANGES),
  },
  match(event) {
    const effect = CHANGES[event.eventName];
    if (!effect || event.eventSource !== KMS) return undefined;
    const name =
      paramString(event, 'keyId') ??
      paramString(event, 'customKeyStoreName') ??
      paramString(event, 'customKeyStoreId');
    // ScheduleKeyDeletion waits pendingWindowInDays (7–30) before the key is gone: the time left to cancel.
    const days = param(event, 'pendingWindowInDays');
    return effectSignal(event, effect, name, typeof days === 'number' ? `, ${days} days from now` : '');
  },
});
