/** Incident stages 7-9: network exposure, resource abuse, leaving the organization. */
import { ACCOUNT, GLOBAL_REGION, MAIN_REGION } from './cast.js';
import { attack, denied, type IncidentContext } from './incident-context.js';
import { HEX } from './prng.js';

const G = GLOBAL_REGION;
const R = MAIN_REGION;
/** A region the account has never used. */
export const ABUSED_REGION = 'ap-southeast-3';

/** Stage 7: SSH open to the world on the bastion's security group. */
export function networkExposure(ctx: IncidentContext): void {
  const groupId = ctx.cast.securityGroups.bastion;
  attack(
    ctx,
    {
      service: 'ec2',
      name: 'DescribeSecurityGroups',
      region: R,
      params: { securityGroupIdSet: { items: [{ groupId }] } },
    },
    10,
    40,
  );
  const permission = {
    ipProtocol: 'tcp',
    fromPort: 22,
    toPort: 22,
    groups: {},
    ipRanges: { items: [{ cidrIp: '0.0.0.0/0' }] },
    ipv6Ranges: {},
    prefixListIds: {},
  };
  attack(
    ctx,
    {
      service: 'ec2',
      name: 'AuthorizeSecurityGroupIngress',
      region: R,
      params: { groupId, ipPermissions: { items: [permission] } },
      response: {
        requestId: ctx.rec.rng.uuid(),
        _return: true,
        securityGroupRuleSet: {
          items: [
            {
              groupOwnerId: ACCOUNT,
              groupId,
              securityGroupRuleId: `sgr-${ctx.rec.rng.chars(17, HEX)}`,
              isEgress: false,
              ipProtocol: 'tcp',
              fromPort: 22,
              toPort: 22,
              cidrIpv4: '0.0.0.0/0',
            },
          ],
        },
      },
    },
    120,
    300,
  );
}

function runInstances(
  ctx: IncidentContext,
  instanceType: string,
  count: number,
  error?: [string, string],
): void {
  const { rec } = ctx;
  const imageId = `ami-${rec.rng.chars(17, HEX)}`;
  const instances = Array.from({ length: count }, () => ({
    instanceId: `i-${rec.rng.chars(17, HEX)}`,
    imageId,
    instanceType,
    instanceState: { code: 0, name: 'pending' },
    placement: { availabilityZone: `${ABUSED_REGION}a` },
  }));
  attack(
    ctx,
    {
      service: 'ec2',
      name: 'RunInstances',
      region: ABUSED_REGION,
      params: {
        instancesSet: { items: [{ imageId, minCount: count, maxCount: count }] },
        instanceType,
        blockDeviceMapping: {
          items: [{ deviceName: '/dev/sda1', ebs: { volumeSize: 500, deleteOnTermination: true } }],
        },
        monitoring: { enabled: false },
        disableApiTermination: false,
      },
      ...(error
        ? { error }
        : {
            response: {
              reservationId: `r-${rec.rng.chars(17, HEX)}`,
              ownerId: ACCOUNT,
              instancesSet: { items: instances },
            },
          }),
    },
    20,
    90,
  );
}

/** Stage 8: GPU instances in an unused region, Bedrock model access, SES sending limits. */
export function resourceAbuse(ctx: IncidentContext): void {
  attack(ctx, {
    service: 'ec2',
    name: 'DescribeImages',
    region: ABUSED_REGION,
    params: {
      filterSet: {
        items: [
          {
            name: 'name',
            valueSet: { items: [{ value: 'ubuntu/images/hvm-ssd/ubuntu-jammy-22.04-amd64-server-*' }] },
          },
        ],
      },
    },
  });
  runInstances(ctx, 'p4d.24xlarge', 1, [
    'Client.VcpuLimitExceeded',
    'You have requested more vCPU capacity than your current vCPU limit of 0 allows for the instance bucket that the specified instance type belongs to. Please visit http://aws.amazon.com/contact-us/ec2-request to request an adjustment to this limit.',
  ]);
  runInstances(ctx, 'g5.12xlarge', 2);
  const modelId = 'anthropic.claude-3-5-sonnet-20240620-v1:0';
  attack(ctx, { service: 'bedrock', name: 'ListFoundationModels', region: G, params: null });
  attack(
    ctx,
    { service: 'bedrock', name: 'GetModelInvocationLoggingConfiguration', region: G, params: null },
    10,
    40,
  );
  for (let i = 0; i < 3; i += 1) {
    attack(
      ctx,
      {
        service: 'bedrock',
        name: 'InvokeModel',
        region: G,
        host: `bedrock-runtime.${G}.amazonaws.com`,
        command: 'bedrock-runtime.invoke-model',
        readOnly: true,
        params: { modelId },
        additional: { inputTokens: ctx.rec.rng.int(20, 400), outputTokens: ctx.rec.rng.int(200, 4000) },
      },
      15,
      60,
    );
  }
  attack(ctx, {
    service: 'ses',
    name: 'GetSendQuota',
    region: G,
    params: null,
    host: `email.${G}.amazonaws.com`,
  });
  attack(
    ctx,
    {
      service: 'ses',
      name: 'ListIdentities',
      region: G,
      params: { identityType: 'EmailAddress' },
      host: `email.${G}.amazonaws.com`,
    },
    60,
    180,
  );
}

/** Stage 9: try to take the account out of the organization (and its guardrails). */
export function accountChange(ctx: IncidentContext): void {
  attack(ctx, {
    service: 'organizations',
    name: 'LeaveOrganization',
    region: G,
    params: null,
    error: denied(ctx, 'organizations', 'LeaveOrganization'),
  });
}
