import { describe, expect, it } from 'vitest';
import { instanceAccessWeakened } from '../../../src/detectors/instance-access-weakened.js';
import { detect, record } from '../../helpers/records.js';

const ec2 = (eventName: string, requestParameters: Record<string, unknown> | null = null) =>
  record({ eventSource: 'ec2.amazonaws.com', eventName, readOnly: false, requestParameters });

describe('instance-access-weakened', () => {
  it('when serial console access is enabled, raises medium', () => {
    const event = ec2('EnableSerialConsoleAccess', { EnableSerialConsoleAccessRequest: '' });
    const [finding] = detect(instanceAccessWeakened, [event]);
    expect(finding?.severity).toBe('medium');
    expect(finding?.summary).toContain('enabled EC2 serial console access for the account');
  });

  it('when an instance is set back to IMDSv1, raises low naming it', () => {
    const [finding] = detect(instanceAccessWeakened, [
      ec2('ModifyInstanceMetadataOptions', { instanceId: 'i-0a1b2c3d4e5f67890', httpTokens: 'optional' }),
    ]);
    expect(finding?.severity).toBe('low');
    expect(finding?.summary).toContain('i-0a1b2c3d4e5f67890');
  });

  it('when IMDSv2 is required or the hop limit changes, stays quiet', () => {
    expect(
      detect(instanceAccessWeakened, [
        ec2('ModifyInstanceMetadataOptions', { instanceId: 'i-1', httpTokens: 'required' }),
        ec2('ModifyInstanceMetadataOptions', { instanceId: 'i-1', httpPutResponseHopLimit: 2 }),
      ]),
    ).toEqual([]);
  });
});
