/**
 * Who and what the simulated account holds: people, roles, resources. Derived from the seed alone, so the
 * routine weeks and the incident (built separately) agree on names, key ids and resources.
 */
import { createRng, HEX, hashString, KEY_ALPHABET, type Rng } from './prng.js';

// Redacted accounts: the victim account, a second internal account, and the attacker's.
export const ACCOUNT = '123456789012';
export const INTERNAL_ACCOUNT = '210987654321';
export const ATTACKER_ACCOUNT = '444455556666';
export const HOME_REGIONS = ['us-east-1', 'eu-west-1'] as const;
export const MAIN_REGION = 'eu-west-1';
// IAM, STS (global endpoint) and sign-in events land here.
export const GLOBAL_REGION = 'us-east-1';

export interface Person {
  userName: string;
  userId: string;
  accessKeyId: string;
  /** A second key one person rotates to mid-simulation. */
  nextAccessKeyId: string;
  /** Desk IPs in the office range 192.0.2.0/24. */
  ips: string[];
  cliUserAgent: string;
  browserUserAgent: string;
  /** Boto3 scripts, for the people who write them. */
  sdkUserAgent?: string;
}

export interface Role {
  name: string;
  roleId: string;
  arn: string;
  account: string;
}

export interface Cast {
  people: Person[];
  /** The developer whose long-term key is stolen on the last day. */
  victim: Person;
  ci: Role & { repo: string; oidcProvider: string };
  ordersTask: Role;
  snapshotLambda: Role;
  reportLambda: Role;
  autoscaling: Role;
  config: Role;
  elb: Role;
  /** A role in the internal account that reads metrics here every hour. */
  observability: Role & { localRole: Role; ip: string };
  buckets: { artifacts: string; config: string; exports: string; assets: string };
  functions: string[];
  secrets: string[];
  secureParameters: string[];
  securityGroups: { web: string; db: string; bastion: string };
  vpcId: string;
  subnets: string[];
  snapshotId: string;
  volumeId: string;
  amiId: string;
  kmsKeyId: string;
  trail: string;
  orgTrail: string;
  guardDutyDetectors: Record<string, string>;
}

const NAMES = ['maria.lopez', 'jonas.weber', 'priya.raman', 'tom.becker'];
const OS = [
  'Darwin/23.6.0 exe/x86_64',
  'Darwin/24.0.0 exe/arm64',
  'Linux/6.8.0-45-generic exe/x86_64.ubuntu.24',
  'Windows/10 exe/AMD64',
];
const BROWSERS = [
  'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/129.0.0.0 Safari/537.36',
  'Mozilla/5.0 (Macintosh; Intel Mac OS X 10.15; rv:131.0) Gecko/20100101 Firefox/131.0',
  'Mozilla/5.0 (X11; Ubuntu; Linux x86_64; rv:131.0) Gecko/20100101 Firefox/131.0',
  'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/129.0.0.0 Safari/537.36 Edg/129.0.0.0',
];

export const SECRET_NAMES = [
  'prod/orders/db-password',
  'prod/payments/stripe-api-key',
  'prod/payments/webhook-signing-secret',
  'prod/auth/jwt-signing-key',
  'prod/auth/oauth-client-secret',
  'prod/mail/smtp-credentials',
  'prod/search/opensearch-master',
  'prod/reports/warehouse-password',
  'prod/crm/salesforce-token',
  'prod/shipping/carrier-api-key',
  'staging/orders/db-password',
  'staging/payments/stripe-api-key',
  'shared/github/deploy-key',
  'shared/datadog/api-key',
];

export const SECURE_PARAMETERS = [
  '/shop/prod/db/password',
  '/shop/prod/jwt/signing-key',
  '/shop/prod/payments/api-key',
  '/shop/prod/smtp/password',
  '/shop/prod/redis/auth-token',
  '/shop/staging/db/password',
];

export const FUNCTIONS = ['orders-webhook', 'report-export', 'image-resize', 'ebs-snapshot-rotate'];

function uniqueId(rng: Rng, prefix: string): string {
  return prefix + rng.chars(prefix === 'AKIA' ? 16 : 17, KEY_ALPHABET);
}

function role(rng: Rng, name: string, path = '', account = ACCOUNT): Role {
  return { name, roleId: uniqueId(rng, 'AROA'), arn: `arn:aws:iam::${account}:role/${path}${name}`, account };
}

function person(rng: Rng, userName: string, index: number): Person {
  const cliVersion = `2.${rng.int(15, 17)}.${rng.int(1, 40)}`;
  const python = rng.pick(['3.11.8', '3.11.9', '3.12.6']);
  const desk = 10 + index * 20 + rng.int(0, 15);
  const result: Person = {
    userName,
    userId: uniqueId(rng, 'AIDA'),
    accessKeyId: uniqueId(rng, 'AKIA'),
    nextAccessKeyId: uniqueId(rng, 'AKIA'),
    // A desk and a laptop on the office network (DHCP moves people within the range).
    ips: [`192.0.2.${desk}`, `192.0.2.${desk + 1 + rng.int(0, 3)}`],
    cliUserAgent: `aws-cli/${cliVersion} Python/${python} ${OS[index % OS.length]} prompt/off`,
    browserUserAgent: BROWSERS[index % BROWSERS.length] as string,
  };
  if (index % 2 === 1) {
    const boto = `1.35.${rng.int(10, 40)}`;
    result.sdkUserAgent = `Boto3/${boto} md/Botocore#${boto} ua/2.0 os/${index === 1 ? 'macos#24.0.0' : 'linux#6.8.0-45-generic'} md/arch#x86_64 lang/python#${python} md/pyimpl#CPython cfg/retry-mode#legacy Botocore/${boto}`;
  }
  return result;
}

function hexId(rng: Rng, prefix: string, length = 17): string {
  return prefix + rng.chars(length, HEX);
}

/** The cast for a seed; cheap, so the routine and the incident each build their own. */
export function createCast(seed: number): Cast {
  const rng = createRng(seed ^ 0x0ca57);
  const people = NAMES.map((name, index) => person(rng, name, index));
  const victim = rng.pick(people);
  const observabilityLocal = role(rng, 'observability-read');
  return {
    people,
    victim,
    ci: {
      ...role(rng, 'github-actions-deploy'),
      repo: 'example-org/shop-platform',
      oidcProvider: `arn:aws:iam::${ACCOUNT}:oidc-provider/token.actions.githubusercontent.com`,
    },
    ordersTask: role(rng, 'orders-api-task'),
    snapshotLambda: role(rng, 'ebs-snapshot-rotate-lambda'),
    reportLambda: role(rng, 'report-export-lambda'),
    autoscaling: role(rng, 'AWSServiceRoleForAutoScaling', 'aws-service-role/autoscaling.amazonaws.com/'),
    config: role(rng, 'AWSServiceRoleForConfig', 'aws-service-role/config.amazonaws.com/'),
    elb: role(
      rng,
      'AWSServiceRoleForElasticLoadBalancing',
      'aws-service-role/elasticloadbalancing.amazonaws.com/',
    ),
    observability: {
      ...role(rng, 'metrics-collector', '', INTERNAL_ACCOUNT),
      localRole: observabilityLocal,
      ip: `2001:db8:4d2::${rng.chars(4, HEX)}`,
    },
    buckets: {
      artifacts: `example-shop-artifacts-${ACCOUNT}`,
      config: 'example-shop-config',
      exports: 'example-shop-customer-exports',
      assets: 'example-shop-static-assets',
    },
    functions: FUNCTIONS,
    secrets: SECRET_NAMES,
    secureParameters: SECURE_PARAMETERS,
    securityGroups: { web: hexId(rng, 'sg-'), db: hexId(rng, 'sg-'), bastion: hexId(rng, 'sg-') },
    vpcId: hexId(rng, 'vpc-'),
    subnets: [hexId(rng, 'subnet-'), hexId(rng, 'subnet-'), hexId(rng, 'subnet-')],
    snapshotId: hexId(rng, 'snap-'),
    volumeId: hexId(rng, 'vol-'),
    amiId: hexId(rng, 'ami-'),
    kmsKeyId: rng.uuid(),
    trail: `arn:aws:cloudtrail:${GLOBAL_REGION}:${ACCOUNT}:trail/shop-account-trail`,
    orgTrail: `arn:aws:cloudtrail:${GLOBAL_REGION}:${ACCOUNT}:trail/org-trail`,
    guardDutyDetectors: Object.fromEntries(HOME_REGIONS.map((region) => [region, rng.chars(32, HEX)])),
  };
}

/** Secrets Manager appends six random characters to a secret's name in its ARN. */
export function secretArn(name: string, region: string = MAIN_REGION): string {
  const suffix = createRng(hashString(name)).chars(6, 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz');
  return `arn:aws:secretsmanager:${region}:${ACCOUNT}:secret:${name}-${suffix}`;
}

export function kmsKeyArn(cast: Cast, region: string = MAIN_REGION): string {
  return `arn:aws:kms:${region}:${ACCOUNT}:key/${cast.kmsKeyId}`;
}

/** Workloads in the VPC reach AWS over dual-stack endpoints from these documentation IPv6 addresses. */
export function workloadIp(rng: Rng): string {
  return `2001:db8:e1:${rng.chars(2, HEX)}::${rng.chars(3, HEX)}`;
}
