import { describe, expect, it } from 'vitest';
import { glueDevEndpointChanged } from '../../../src/detectors/glue-dev-endpoint-changed.js';
import { detect, record } from '../../helpers/records.js';

const glue = (
  eventName: string,
  requestParameters: Record<string, unknown>,
  eventSource = 'glue.amazonaws.com',
) => record({ eventSource, eventName, readOnly: false, requestParameters });

describe('glue-dev-endpoint-changed', () => {
  it('when a dev endpoint is created with a passed role, raises medium naming endpoint and role', () => {
    const event = glue('CreateDevEndpoint', {
      endpointName: 'etl-dev',
      roleArn: 'arn:aws:iam::123456789012:role/GlueAdmin',
      publicKey: 'ssh-rsa AAAA… attacker',
    });
    const [finding] = detect(glueDevEndpointChanged, [event]);
    expect(finding?.severity).toBe('medium');
    expect(finding?.summary).toContain(
      'created Glue development endpoint etl-dev in us-east-1 running as arn:aws:iam::123456789012:role/GlueAdmin',
    );
  });

  it('when endpoints are listed, stays quiet', () => {
    expect(detect(glueDevEndpointChanged, [glue('GetDevEndpoints', {})])).toEqual([]);
  });
});
