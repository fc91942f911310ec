/** AWS acting for the account: CloudTrail's log keys, Auto Scaling, Config, Elastic Load Balancing. */
import { awsServiceActor, roleSessionActor } from './actors.js';
import { ACCOUNT, type Cast, kmsKeyArn, MAIN_REGION, type Role } from './cast.js';
import { HEX, KEY_ALPHABET } from './prng.js';
import type { Actor, Call, Recorder } from './record.js';

type Records = Generator<Record<string, unknown>, void, undefined>;

const R = MAIN_REGION;

function newKey(rec: Recorder): string {
  return `ASIA${rec.rng.chars(16, KEY_ALPHABET)}`;
}
/** CloudTrail asks KMS for a data key for each log file it encrypts. */
export function* trailLogKey(cast: Cast, rec: Recorder, region: string): Records {
  yield rec.call(awsServiceActor('cloudtrail.amazonaws.com'), {
    service: 'kms',
    name: 'GenerateDataKey',
    region,
    params: {
      keySpec: 'AES_256',
      encryptionContext: {
        'aws:cloudtrail:arn': cast.orgTrail,
        'aws:s3:arn': `arn:aws:s3:::example-org-cloudtrail/AWSLogs/${ACCOUNT}/CloudTrail/${region}/${rec.iso().slice(0, 10).replaceAll('-', '/')}`,
      },
    },
    resources: [{ accountId: ACCOUNT, type: 'AWS::KMS::Key', ARN: kmsKeyArn(cast, region) }],
  });
}

function serviceLinked(rec: Recorder, role: Role, session: string, service: string): Actor {
  return roleSessionActor(role, {
    sessionName: session,
    accessKeyId: newKey(rec),
    creationDate: rec.iso(-600),
    invokedBy: service,
  });
}

/** EC2 Auto Scaling adds or removes one web instance. */
export function* autoscalingActivity(cast: Cast, rec: Recorder): Records {
  const actor = serviceLinked(rec, cast.autoscaling, 'AutoScaling', 'autoscaling.amazonaws.com');
  const instanceId = `i-${rec.rng.chars(17, HEX)}`;
  const targets = {
    targetGroupArn: `arn:aws:elasticloadbalancing:${R}:${ACCOUNT}:targetgroup/shop-web/${rec.rng.chars(16, HEX)}`,
    targets: [{ id: instanceId }],
  };
  if (rec.rng.chance(0.5)) {
    const type = rec.rng.pick(['t3.medium', 'm6i.large']);
    yield rec.call(
      actor,
      {
        service: 'ec2',
        name: 'RunInstances',
        region: R,
        params: {
          instancesSet: { items: [{ minCount: 1, maxCount: 1 }] },
          instanceType: type,
          launchTemplate: { launchTemplateName: 'shop-web', version: '$Latest' },
        },
        response: {
          instancesSet: {
            items: [
              {
                instanceId,
                instanceType: type,
                imageId: cast.amiId,
                placement: { availabilityZone: `${R}a` },
              },
            ],
          },
        },
      },
      40,
      120,
    );
    yield rec.call(
      awsServiceActor('ec2.amazonaws.com'),
      {
        service: 'sts',
        name: 'AssumeRole',
        region: R,
        params: { roleArn: `arn:aws:iam::${ACCOUNT}:role/shop-web-instance`, roleSessionName: instanceId },
        resources: [
          {
            accountId: ACCOUNT,
            type: 'AWS::IAM::Role',
            ARN: `arn:aws:iam::${ACCOUNT}:role/shop-web-instance`,
          },
        ],
      },
      60,
      180,
    );
    yield rec.call(actor, {
      service: 'elasticloadbalancing',
      name: 'RegisterTargets',
      region: R,
      params: targets,
    });
    return;
  }
  yield rec.call(
    actor,
    { service: 'elasticloadbalancing', name: 'DeregisterTargets', region: R, params: targets },
    300,
    300,
  );
  yield rec.call(actor, {
    service: 'ec2',
    name: 'TerminateInstances',
    region: R,
    params: { instancesSet: { items: [{ instanceId }] } },
  });
}

const CONFIG_CALLS: Call[] = [
  { service: 'ec2', name: 'DescribeSecurityGroups', region: R, params: {} },
  { service: 'ec2', name: 'DescribeInstances', region: R, params: {} },
  { service: 'ec2', name: 'DescribeVolumes', region: R, params: {} },
  { service: 'ec2', name: 'DescribeNetworkInterfaces', region: R, params: {} },
  { service: 'rds', name: 'DescribeDBInstances', region: R, params: {} },
  { service: 'lambda', name: 'ListFunctions20150331', region: R, params: null },
];

/** AWS Config records a changed resource with its service-linked role. */
export function* configRecorder(cast: Cast, rec: Recorder): Records {
  const actor = serviceLinked(rec, cast.config, 'AWSConfig-Describe', 'config.amazonaws.com');
  const count = rec.rng.int(1, 3);
  const start = rec.rng.int(0, CONFIG_CALLS.length - count);
  for (const call of CONFIG_CALLS.slice(start, start + count)) yield rec.call(actor, call, 1, 5);
}

/** Elastic Load Balancing checks the network interfaces it manages. */
export function* elbHousekeeping(cast: Cast, rec: Recorder): Records {
  const actor = serviceLinked(rec, cast.elb, 'ElasticLoadBalancing', 'elasticloadbalancing.amazonaws.com');
  yield rec.call(actor, {
    service: 'ec2',
    name: 'DescribeNetworkInterfaces',
    region: R,
    params: {
      filterSet: { items: [{ name: 'description', valueSet: { items: [{ value: 'ELB app/shop-web/*' }] } }] },
    },
  });
}
