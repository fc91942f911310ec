import { describe, expect, it } from 'vitest';
import { kmsKeyDestroyed } from '../../../src/detectors/kms-key-destroyed.js';
import { detect, record } from '../../helpers/records.js';

const KEY = 'arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab';
const kms = (
  eventName: string,
  requestParameters: Record<string, unknown>,
  eventSource = 'kms.amazonaws.com',
) => record({ eventSource, eventName, readOnly: false, requestParameters });

describe('kms-key-destroyed', () => {
  it('when a key is scheduled for deletion, raises medium with the days left to cancel', () => {
    const event = kms('ScheduleKeyDeletion', { keyId: KEY, pendingWindowInDays: 7 });
    const [finding] = detect(kmsKeyDestroyed, [event]);
    expect(finding?.severity).toBe('medium');
    expect(finding?.category).toBe('defense-evasion');
    expect(finding?.eventIds).toEqual([event.eventID]);
    expect(finding?.summary).toContain(
      `scheduled the deletion of KMS key ${KEY} in us-east-1, 7 days from now`,
    );
  });

  it('when imported key material is deleted, raises high', () => {
    const [finding] = detect(kmsKeyDestroyed, [kms('DeleteImportedKeyMaterial', { keyId: KEY })]);
    expect(finding?.severity).toBe('high');
  });

  it('when a key is only disabled, raises low', () => {
    const [finding] = detect(kmsKeyDestroyed, [kms('DisableKey', { keyId: KEY })]);
    expect(finding?.severity).toBe('low');
  });

  it('when keys are used or rotated, stays quiet', () => {
    expect(
      detect(kmsKeyDestroyed, [kms('Decrypt', { keyId: KEY }), kms('EnableKeyRotation', { keyId: KEY })]),
    ).toEqual([]);
  });
});
