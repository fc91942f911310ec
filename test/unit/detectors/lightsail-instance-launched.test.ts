import { describe, expect, it } from 'vitest';
import { lightsailInstanceLaunched } from '../../../src/detectors/lightsail-instance-launched.js';
import { detect, record } from '../../helpers/records.js';

const lightsail = (eventName: string, requestParameters: Record<string, unknown>) =>
  record({ eventSource: 'lightsail.amazonaws.com', eventName, readOnly: false, requestParameters });

describe('lightsail-instance-launched', () => {
  it('when Lightsail instances are created, raises low naming them and the bundle', () => {
    const event = lightsail('CreateInstances', {
      instanceNames: ['node-1', 'node-2'],
      availabilityZone: 'us-east-1a',
      blueprintId: 'ubuntu_22_04',
      bundleId: 'xlarge_3_0',
    });
    const [finding] = detect(lightsailInstanceLaunched, [event]);
    expect(finding?.severity).toBe('low');
    expect(finding?.category).toBe('resource-abuse');
    expect(finding?.summary).toContain(
      'created Lightsail instances node-1, node-2 in us-east-1 (bundle xlarge_3_0)',
    );
  });

  it('when instances are listed or stopped, stays quiet', () => {
    expect(
      detect(lightsailInstanceLaunched, [
        lightsail('GetInstances', {}),
        lightsail('StopInstance', { instanceName: 'node-1' }),
      ]),
    ).toEqual([]);
  });
});
