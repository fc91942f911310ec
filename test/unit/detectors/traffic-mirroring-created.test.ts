import { describe, expect, it } from 'vitest';
import { trafficMirroringCreated } from '../../../src/detectors/traffic-mirroring-created.js';
import { detect, record } from '../../helpers/records.js';

// EC2 writes these requests with their request-object wrapper, as Panther's AWS.EC2.Traffic.Mirroring tests show.
const ec2 = (eventName: string, requestParameters: Record<string, unknown>) =>
  record({ eventSource: 'ec2.amazonaws.com', eventName, readOnly: false, requestParameters });

describe('traffic-mirroring-created', () => {
  it('when a mirror session is created, raises medium naming the interface', () => {
    const event = ec2('CreateTrafficMirrorSession', {
      CreateTrafficMirrorSessionRequest: {
        NetworkInterfaceId: 'eni-0a1b2c3d4e5f67890',
        TrafficMirrorTargetId: 'tmt-0123456789abcdef0',
        TrafficMirrorFilterId: 'tmf-0123456789abcdef0',
        SessionNumber: 1,
      },
    });
    const [finding] = detect(trafficMirroringCreated, [event]);
    expect(finding?.severity).toBe('medium');
    expect(finding?.category).toBe('data-exfiltration');
    expect(finding?.summary).toContain('eni-0a1b2c3d4e5f67890');
  });

  it('when mirror sessions are described or deleted, stays quiet', () => {
    expect(
      detect(trafficMirroringCreated, [
        ec2('DescribeTrafficMirrorSessions', {}),
        ec2('DeleteTrafficMirrorSession', {
          DeleteTrafficMirrorSessionRequest: { TrafficMirrorSessionId: 'tms-1' },
        }),
      ]),
    ).toEqual([]);
  });
});
