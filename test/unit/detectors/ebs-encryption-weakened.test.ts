import { describe, expect, it } from 'vitest';
import { ebsEncryptionWeakened } from '../../../src/detectors/ebs-encryption-weakened.js';
import { detect, record } from '../../helpers/records.js';

const ec2 = (
  eventName: string,
  requestParameters: Record<string, unknown> | null,
  responseElements: Record<string, unknown> | null = null,
) =>
  record({
    eventSource: 'ec2.amazonaws.com',
    eventName,
    readOnly: false,
    requestParameters,
    responseElements,
  });

describe('ebs-encryption-weakened', () => {
  it('when EBS encryption by default is disabled, raises medium', () => {
    const event = ec2(
      'DisableEbsEncryptionByDefault',
      { DisableEbsEncryptionByDefaultRequest: '' },
      {
        DisableEbsEncryptionByDefaultResponse: { ebsEncryptionByDefault: false },
      },
    );
    const [finding] = detect(ebsEncryptionWeakened, [event]);
    expect(finding?.severity).toBe('medium');
    expect(finding?.category).toBe('defense-evasion');
    expect(finding?.summary).toContain('disabled EBS encryption by default in us-east-1');
  });

  it('when the default key is changed, raises low naming the key', () => {
    const [finding] = detect(ebsEncryptionWeakened, [
      ec2('ModifyEbsDefaultKmsKeyId', { kmsKeyId: 'arn:aws:kms:us-east-1:444455556666:key/abcd' }),
    ]);
    expect(finding?.severity).toBe('low');
    expect(finding?.summary).toContain('444455556666');
  });

  it('when encryption by default is enabled or read, stays quiet', () => {
    expect(
      detect(ebsEncryptionWeakened, [
        ec2('EnableEbsEncryptionByDefault', null),
        ec2('GetEbsEncryptionByDefault', null),
      ]),
    ).toEqual([]);
  });
});
