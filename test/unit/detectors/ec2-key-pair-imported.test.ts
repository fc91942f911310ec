import { describe, expect, it } from 'vitest';
import { ec2KeyPairImported } from '../../../src/detectors/ec2-key-pair-imported.js';
import { detect, record } from '../../helpers/records.js';

const importKey = (eventName = 'ImportKeyPair') =>
  record({
    eventSource: 'ec2.amazonaws.com',
    eventName,
    readOnly: false,
    requestParameters: { keyName: 'ops-laptop', publicKeyMaterial: '<sensitiveDataRemoved>' },
    responseElements: {
      keyName: 'ops-laptop',
      keyFingerprint: '1f:51:ae:28:bf:89:e9:d8:1f:25:5d:37:2d:7d:b8:ca:9f:f5:f1:6f',
      keyPairId: 'key-0123456789abcdef0',
    },
  });

describe('ec2-key-pair-imported', () => {
  it('when a key pair is imported, raises low naming it', () => {
    const event = importKey();
    const [finding] = detect(ec2KeyPairImported, [event]);
    expect(finding?.severity).toBe('low');
    expect(finding?.eventIds).toEqual([event.eventID]);
    expect(finding?.summary).toContain('imported SSH key pair ops-laptop');
  });

  it('when key pairs are only created or described, stays quiet', () => {
    expect(detect(ec2KeyPairImported, [importKey('CreateKeyPair'), importKey('DescribeKeyPairs')])).toEqual(
      [],
    );
  });
});
