import { describe, expect, it } from 'vitest';
import { networkRouteOpened } from '../../../src/detectors/network-route-opened.js';
import { detect, minutesAfter, record } from '../../helpers/records.js';

const BASE = '2026-03-02T10:00:00Z';
const ec2 = (eventName: string, requestParameters: Record<string, unknown>, minute = 0) =>
  record({
    eventSource: 'ec2.amazonaws.com',
    eventName,
    readOnly: false,
    requestParameters,
    eventTime: minutesAfter(BASE, minute),
  });

describe('network-route-opened', () => {
  it('when a route to an internet gateway is added, raises low naming table and gateway', () => {
    const event = ec2('CreateRoute', {
      routeTableId: 'rtb-0a1b2c3d',
      destinationCidrBlock: '0.0.0.0/0',
      gatewayId: 'igw-0f1e2d3c',
    });
    const [finding] = detect(networkRouteOpened, [event]);
    expect(finding?.severity).toBe('low');
    expect(finding?.category).toBe('network-exposure');
    expect(finding?.summary).toContain('routed 0.0.0.0/0 from rtb-0a1b2c3d to internet gateway igw-0f1e2d3c');
  });

  it('when a route is replaced to point at a peering, reports it', () => {
    const [finding] = detect(networkRouteOpened, [
      ec2('ReplaceRoute', {
        routeTableId: 'rtb-0a1b2c3d',
        destinationCidrBlock: '10.20.0.0/16',
        vpcPeeringConnectionId: 'pcx-0123abcd',
      }),
    ]);
    expect(finding?.summary).toContain('VPC peering pcx-0123abcd');
  });

  it('when peering is requested with another account, raises medium naming it', () => {
    const [finding] = detect(networkRouteOpened, [
      ec2('CreateVpcPeeringConnection', {
        vpcId: 'vpc-0a1b2c3d',
        peerVpcId: 'vpc-9z8y7x',
        peerOwnerId: '444455556666',
      }),
    ]);
    expect(finding?.severity).toBe('medium');
    expect(finding?.summary).toContain('account 444455556666');
  });

  it('when routes go to a NAT gateway or peering stays in the account, stays quiet', () => {
    expect(
      detect(networkRouteOpened, [
        ec2('CreateRoute', {
          routeTableId: 'rtb-1',
          destinationCidrBlock: '0.0.0.0/0',
          natGatewayId: 'nat-0123',
        }),
        ec2('CreateVpcPeeringConnection', {
          vpcId: 'vpc-1',
          peerVpcId: 'vpc-2',
          peerOwnerId: '123456789012',
        }),
        ec2('CreateVpcPeeringConnection', { vpcId: 'vpc-1', peerVpcId: 'vpc-3' }),
      ]),
    ).toEqual([]);
  });
});
