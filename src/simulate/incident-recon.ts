/** Incident stage 1: who am I, then a sweep of many services across 15 regions with the stolen key. */
import { personKeyActor } from './actors.js';
import { ACCOUNT, GLOBAL_REGION, MAIN_REGION } from './cast.js';
import { ATTACKER_SECOND_IP, attack, denied, type IncidentContext, KALI_CLI } from './incident-context.js';
import type { Call } from './record.js';

const G = GLOBAL_REGION;
const R = MAIN_REGION;

/** The regions a typical enumeration script sweeps. */
export const SWEPT_REGIONS = [
  'us-east-1',
  'us-east-2',
  'us-west-1',
  'us-west-2',
  'ca-central-1',
  'eu-west-1',
  'eu-west-2',
  'eu-west-3',
  'eu-central-1',
  'eu-north-1',
  'ap-south-1',
  'ap-northeast-1',
  'ap-southeast-1',
  'ap-southeast-2',
  'sa-east-1',
];

function globalRecon(ctx: IncidentContext): Call[] {
  const self = { userName: ctx.victim.userName };
  const { buckets } = ctx.cast;
  return [
    { service: 'iam', name: 'GetUser', region: G, params: null },
    { service: 'iam', name: 'ListAttachedUserPolicies', region: G, params: self },
    { service: 'iam', name: 'ListUserPolicies', region: G, params: self },
    { service: 'iam', name: 'ListGroupsForUser', region: G, params: self },
    { service: 'iam', name: 'GetAccountSummary', region: G, params: null },
    { service: 'iam', name: 'ListUsers', region: G, params: null },
    { service: 'iam', name: 'ListRoles', region: G, params: null },
    { service: 'iam', name: 'ListPolicies', region: G, params: { scope: 'Local', onlyAttached: false } },
    { service: 'iam', name: 'GetAccountAuthorizationDetails', region: G, params: null },
    {
      service: 'organizations',
      name: 'DescribeOrganization',
      region: G,
      params: null,
      error: denied(ctx, 'organizations', 'DescribeOrganization'),
    },
    { service: 's3', name: 'ListBuckets', region: G, params: { Host: 's3.amazonaws.com' }, command: 's3.ls' },
    ...[buckets.exports, buckets.config, buckets.artifacts].map(
      (bucket): Call => ({
        service: 's3',
        name: 'GetBucketPolicy',
        region: R,
        params: { bucketName: bucket, Host: `${bucket}.s3.${R}.amazonaws.com`, policy: '' },
        error: ['NoSuchBucketPolicy', 'The bucket policy does not exist'],
      }),
    ),
    {
      service: 's3',
      name: 'GetBucketAcl',
      region: R,
      params: { bucketName: buckets.exports, Host: `${buckets.exports}.s3.${R}.amazonaws.com`, acl: '' },
    },
    { service: 'secretsmanager', name: 'ListSecrets', region: R, params: null },
    { service: 'ssm', name: 'DescribeParameters', region: R, params: null },
    { service: 'cloudtrail', name: 'DescribeTrails', region: G, params: { includeShadowTrails: true } },
    { service: 'cloudtrail', name: 'GetTrailStatus', region: G, params: { name: ctx.cast.orgTrail } },
    { service: 'guardduty', name: 'ListDetectors', region: G, params: null },
    { service: 'ec2', name: 'DescribeRegions', region: G, params: { regionSet: {}, allRegions: true } },
  ];
}

function regionalSweep(ctx: IncidentContext, region: string): Call[] {
  const deny = (service: string, action: string, resource?: string) => denied(ctx, service, action, resource);
  return [
    { service: 'ec2', name: 'DescribeInstances', region, params: { instancesSet: {}, filterSet: {} } },
    {
      service: 'ec2',
      name: 'DescribeSecurityGroups',
      region,
      params: { securityGroupSet: {}, filterSet: {} },
    },
    {
      service: 'ec2',
      name: 'DescribeKeyPairs',
      region,
      params: { keySet: {} },
      error: deny('ec2', 'DescribeKeyPairs'),
    },
    { service: 'lambda', name: 'ListFunctions20150331', region, params: null },
    { service: 'rds', name: 'DescribeDBInstances', region, params: null },
    {
      service: 'eks',
      name: 'ListClusters',
      region,
      params: null,
      error: deny('eks', 'ListClusters', `arn:aws:eks:${region}:${ACCOUNT}:cluster/*`),
    },
    {
      service: 'sagemaker',
      name: 'ListNotebookInstances',
      region,
      params: null,
      error: deny('sagemaker', 'ListNotebookInstances'),
    },
    {
      service: 'lightsail',
      name: 'GetInstances',
      region,
      params: null,
      error: deny('lightsail', 'GetInstances', `arn:aws:lightsail:${region}:${ACCOUNT}:*`),
    },
  ];
}

/** Stage 1: who am I, then a sweep of many services across 15 regions, many of them denied. */
export function recon(ctx: IncidentContext): void {
  attack(ctx, { service: 'sts', name: 'GetCallerIdentity', region: G, params: null }, 40, 90);
  // The operator checks the key from a second machine in the same range.
  const second = personKeyActor(ctx.victim, ATTACKER_SECOND_IP, KALI_CLI);
  attack(ctx, { service: 'sts', name: 'GetCallerIdentity', region: G, params: null }, 30, 60, second);
  for (const call of globalRecon(ctx)) attack(ctx, call, 2, 12);
  for (const region of SWEPT_REGIONS) for (const call of regionalSweep(ctx, region)) attack(ctx, call, 1, 6);
}
