import { describe, expect, it } from 'vitest';
import { largeInstanceLaunched } from '../../../src/detectors/large-instance-launched.js';
import { detect, record } from '../../helpers/records.js';

const run = (instanceType: string, overrides: Record<string, unknown> = {}) =>
  record({
    eventSource: 'ec2.amazonaws.com',
    eventName: 'RunInstances',
    readOnly: false,
    awsRegion: 'ap-southeast-1',
    requestParameters: {
      instancesSet: { items: [{ imageId: 'ami-0abc1234def567890', minCount: 10, maxCount: 10 }] },
      instanceType,
    },
    responseElements: { instancesSet: { items: [{ instanceId: 'i-0123456789abcdef0', instanceType }] } },
    ...overrides,
  });

describe('large-instance-launched', () => {
  it('when a user launches GPU instances, raises a high resource-abuse finding naming type and region', () => {
    const event = run('p4d.24xlarge');
    const [finding, ...rest] = detect(largeInstanceLaunched, [event]);
    expect(rest).toHaveLength(0);
    expect(finding?.severity).toBe('high');
    expect(finding?.category).toBe('resource-abuse');
    expect(finding?.eventIds).toEqual([event.eventID]);
    expect(finding?.summary).toContain('p4d.24xlarge (GPU/accelerator) in ap-southeast-1');
  });

  it.each([
    ['g4dn.xlarge', 'GPU/accelerator'],
    ['inf2.8xlarge', 'GPU/accelerator'],
    ['trn1.32xlarge', 'GPU/accelerator'],
    ['dl1.24xlarge', 'GPU/accelerator'],
    ['c5.metal', 'bare metal'],
    ['m5.16xlarge', 'very large'],
  ])('when %s is launched, calls it %s', (type, why) => {
    const [finding] = detect(largeInstanceLaunched, [run(type)]);
    expect(finding?.summary).toContain(`${type} (${why})`);
  });

  it('when the launch fails on a vCPU quota, reports the attempt one step lower', () => {
    const [finding] = detect(largeInstanceLaunched, [
      run('g5.48xlarge', { errorCode: 'Client.VcpuLimitExceeded', responseElements: null }),
    ]);
    expect(finding?.severity).toBe('medium');
    expect(finding?.summary).toContain('tried RunInstances for g5.48xlarge');
  });

  it('when a spot request or fleet names the type deep in the request, still finds it', () => {
    const spot = record({
      eventSource: 'ec2.amazonaws.com',
      eventName: 'RequestSpotInstances',
      requestParameters: { instanceCount: 4, launchSpecification: { instanceType: 'p3.16xlarge' } },
    });
    const fleet = record({
      eventSource: 'ec2.amazonaws.com',
      eventName: 'CreateFleet',
      eventTime: '2026-03-02T12:00:00Z',
      requestParameters: {
        CreateFleetRequest: {
          LaunchTemplateConfigs: { Overrides: [{ InstanceType: 'g6.12xlarge', tag: 1 }] },
        },
      },
    });
    const findings = detect(largeInstanceLaunched, [spot, fleet]);
    expect(findings.map((f) => f.summary).join(' ')).toMatch(/p3\.16xlarge.*g6\.12xlarge/);
  });

  it('when a launch template or a type change names a GPU type, reports the template at medium', () => {
    const template = record({
      eventSource: 'ec2.amazonaws.com',
      eventName: 'CreateLaunchTemplate',
      requestParameters: {
        CreateLaunchTemplateRequest: {
          LaunchTemplateName: 'lt',
          LaunchTemplateData: { InstanceType: 'p5.48xlarge' },
        },
      },
    });
    const change = record({
      eventSource: 'ec2.amazonaws.com',
      eventName: 'ModifyInstanceAttribute',
      eventTime: '2026-03-02T12:00:00Z',
      requestParameters: { instanceId: 'i-1', instanceType: { value: 'p3.8xlarge' } },
    });
    const [first, second] = detect(largeInstanceLaunched, [template, change]);
    expect(first?.severity).toBe('medium');
    expect(second?.severity).toBe('high');
    expect(second?.summary).toContain('p3.8xlarge');
  });

  it('when ordinary instances are launched, stays quiet', () => {
    expect(detect(largeInstanceLaunched, [run('t3.micro'), run('m5.8xlarge'), run('c7g.12xlarge')])).toEqual(
      [],
    );
  });
});
