/** Routes to the internet or to another VPC added, and VPC peering with another account requested. */
import { paramString } from '../cloudtrail/fields.js';
import { defineDetector } from './detector.js';

const ROUTE_EVENTS = ['CreateRoute', 'ReplaceRoute'];
const PEERING_EVENTS = ['CreateVpcPeeringConnection'];

/** The route target that leaves the VPC: an internet gateway, a peering, a transit gateway. */
function outsideTarget(event: Parameters<typeof paramString>[0]): string | undefined {
  const gateway = paramString(event, 'gatewayId');
  if (gateway?.startsWith('igw-')) return `internet gateway ${gateway}`;
  const peering = paramString(event, 'vpcPeeringConnectionId');
  if (peering) return `VPC peering ${peering}`;
  const egress = paramString(event, 'egressOnlyInternetGatewayId');
  if (egress) return `egress-only internet gateway ${egress}`;
  const transit = paramString(event, 'transitGatewayId');
  if (transit) return `transit gateway ${transit}`;
  return undefined;
}

export const networkRouteOpened = defineDetector({
  meta: {
    id: 'network-route-opened',
    title: 'Route to the internet or another VPC, or peering to another account',
    description:
      'Detects CreateRoute and ReplaceRoute whose target leaves the VPC (internet gateway, VPC peering, ' +
      'transit gateway; low; Sigma aws_cloudtrail_new_route_added, Panther AWS.EC2.RouteTableModified) and ' +
      'CreateVpcPeeringConnection to another account (medium; Sigma ' +
      'aws_ec2_vpc_peering_connection_to_external_account): a path out for data, or in for the intruder. ' +
      'Routes to NAT gateways, endpoints and instances stay quiet, as do other route-table and gateway ' +
      'housekeeping calls Panther reports (AWS.EC2.GatewayModified, AWS.EC2.VPCModified): they change ' +
      'nothing an intruder needs by themselves.',
    category: 'network-exposure',
    severity: 'low',
    attack: ['T1599', 'T1048'],
    falsePositives: [
      'Network changes during a VPC build-out, usually by infrastructure code.',
      'Peering with a partner or a newly acquired company’s account.',
    ],
    runbook: [
      'Read requestParameters.routeTableId and destinationCidrBlock: which subnets now reach the target, and ' +
        'is a private subnet now routed to the internet?',
      'For peering, check requestParameters.peerOwnerId against the organization’s accounts; reject it ' +
        '(ec2 reject-vpc-peering-connection) if unknown.',
      'List security-group and network-ACL changes by the same userIdentity.accessKeyId within 2 hours.',
    ],
    references: [
      'https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_CreateRoute.html',
      'https://docs.aws.amazon.com/vpc/latest/peering/what-is-vpc-peering.html',
      'https://attack.mitre.org/techniques/T1599/',
    ],
    events: [...ROUTE_EVENTS, ...PEERING_EVENTS],
  },
  match(event) {
    const verb = event.failed ? 'tried to route' : 'routed';
    if (PEERING_EVENTS.includes(event.eventName)) {
      const owner = paramString(event, 'peerOwnerId');
      if (!owner || owner === event.recipientAccountId) return undefined;
      const vpc = paramString(event, 'vpcId') ?? 'a VPC';
      const asked = event.failed ? 'tried to request' : 'requested';
      return {
        severity: 'medium',
        summary: `${event.identity.arn} ${asked} VPC peering from ${vpc} to account ${owner} in ${event.awsRegion}.`,
      };
    }
    const target = outsideTarget(event);
    if (!target) return undefined;
    const table = paramString(event, 'routeTableId') ?? 'a route table';
    const cidr =
      paramString(event, 'destinationCidrBlock') ??
      paramString(event, 'destinationIpv6CidrBlock') ??
      'traffic';
    return {
      summary: `${event.identity.arn} ${verb} ${cidr} from ${table} to ${target} in ${event.awsRegion}.`,
    };
  },
});
