/** The account's own workloads: scheduled Lambdas, ECS tasks, and a metrics collector from the internal account. */
import { awsServiceActor, fixedAgent, roleSessionActor, stsCredentials } from './actors.js';
import {
  ACCOUNT,
  type Cast,
  GLOBAL_REGION,
  kmsKeyArn,
  MAIN_REGION,
  type Role,
  secretArn,
  workloadIp,
} from './cast.js';
import { HEX, KEY_ALPHABET } from './prng.js';
import { type Actor, type Recorder, s3ObjectExtras } from './record.js';

type Records = Generator<Record<string, unknown>, void, undefined>;

const R = MAIN_REGION;
const LAMBDA_BOTO =
  'Boto3/1.34.145 md/Botocore#1.34.145 ua/2.0 os/linux#5.10.224-234.893.amzn2.x86_64 md/arch#x86_64 lang/python#3.12.5 md/pyimpl#CPython exec-env/AWS_Lambda_python3.12 cfg/retry-mode#legacy Botocore/1.34.145';
const NODE_SDK = (api: string) =>
  `aws-sdk-js/3.637.0 ua/2.1 os/linux#5.10.225-213.878.amzn2.x86_64 lang/js md/nodejs#20.17.0 api/${api}#3.637.0`;
const COLLECTOR =
  'Boto3/1.35.30 md/Botocore#1.35.30 ua/2.0 os/linux#5.10.226-214.880.amzn2.x86_64 md/arch#x86_64 lang/python#3.12.6 md/pyimpl#CPython exec-env/AWS_ECS_FARGATE cfg/retry-mode#adaptive Botocore/1.35.30';

function newKey(rec: Recorder): string {
  return `ASIA${rec.rng.chars(16, KEY_ALPHABET)}`;
}

/** An AWS service (or a caller) assumes one of our roles; returns the new session's caller. */
function* assume(
  rec: Recorder,
  caller: Actor,
  role: Role,
  sessionName: string,
  session: Partial<Pick<Actor, 'sourceIp' | 'userAgent'>>,
  region = R,
): Generator<Record<string, unknown>, Actor> {
  const accessKeyId = newKey(rec);
  yield rec.call(
    caller,
    {
      service: 'sts',
      name: 'AssumeRole',
      region,
      params: { roleArn: role.arn, roleSessionName: sessionName },
      response: {
        credentials: stsCredentials(accessKeyId, rec.now + 3_600_000),
        assumedRoleUser: {
          assumedRoleId: `${role.roleId}:${sessionName}`,
          arn: `arn:aws:sts::${ACCOUNT}:assumed-role/${role.name}/${sessionName}`,
        },
      },
      resources: [{ accountId: ACCOUNT, type: 'AWS::IAM::Role', ARN: role.arn }],
    },
    1,
    4,
  );
  return roleSessionActor(role, {
    sessionName,
    accessKeyId,
    creationDate: rec.iso(-1),
    ...(session.sourceIp ? { sourceIp: session.sourceIp } : {}),
    ...(session.userAgent ? { userAgent: session.userAgent } : {}),
  });
}

/** The nightly Lambda that snapshots the database volume and prunes old snapshots. */
export function* snapshotRotation(cast: Cast, rec: Recorder): Records {
  const actor = yield* assume(
    rec,
    awsServiceActor('lambda.amazonaws.com'),
    cast.snapshotLambda,
    'ebs-snapshot-rotate',
    {
      sourceIp: workloadIp(rec.rng),
      userAgent: fixedAgent(LAMBDA_BOTO),
    },
  );
  yield rec.call(
    actor,
    {
      service: 'ec2',
      name: 'DescribeSnapshots',
      region: R,
      params: { ownersSet: { items: [{ owner: 'self' }] } },
    },
    1,
    3,
  );
  const snapshotId = `snap-${rec.rng.chars(17, HEX)}`;
  yield rec.call(
    actor,
    {
      service: 'ec2',
      name: 'CreateSnapshot',
      region: R,
      params: { volumeId: cast.volumeId, description: 'nightly' },
      response: { snapshotId, volumeId: cast.volumeId, status: 'pending' },
    },
    1,
    3,
  );
  yield rec.call(actor, {
    service: 'ec2',
    name: 'DeleteSnapshot',
    region: R,
    params: { snapshotId: `snap-${rec.rng.chars(17, HEX)}` },
  });
}

function* readSecret(rec: Recorder, actor: Actor, name: string, cast: Cast): Records {
  const arn = secretArn(name);
  yield rec.call(
    actor,
    { service: 'secretsmanager', name: 'GetSecretValue', region: R, params: { secretId: name } },
    0,
    1,
  );
  const viaSecrets = {
    ...actor,
    sourceIp: 'secretsmanager.amazonaws.com',
    userAgent: fixedAgent('secretsmanager.amazonaws.com'),
    tls: false,
  };
  viaSecrets.identity = { ...actor.identity, invokedBy: 'secretsmanager.amazonaws.com' };
  yield rec.call(
    viaSecrets,
    {
      service: 'kms',
      name: 'Decrypt',
      region: R,
      params: {
        encryptionContext: { SecretARN: arn, SecretVersionId: rec.rng.uuid() },
        encryptionAlgorithm: 'SYMMETRIC_DEFAULT',
      },
      resources: [{ accountId: ACCOUNT, type: 'AWS::KMS::Key', ARN: kmsKeyArn(cast) }],
    },
    0,
    2,
  );
}

/** The daily report export: read the warehouse password, write the report to the exports bucket. */
export function* reportExport(cast: Cast, rec: Recorder): Records {
  const actor = yield* assume(
    rec,
    awsServiceActor('lambda.amazonaws.com'),
    cast.reportLambda,
    'report-export',
    {
      sourceIp: workloadIp(rec.rng),
      userAgent: fixedAgent(LAMBDA_BOTO),
    },
  );
  yield* readSecret(rec, actor, 'prod/reports/warehouse-password', cast);
  rec.wait(60, 400);
  const bucket = cast.buckets.exports;
  const key = `reports/${rec.iso().slice(0, 10)}/orders-${rec.rng.chars(6, HEX)}.csv.gz`;
  yield rec.call(actor, {
    service: 's3',
    name: 'PutObject',
    region: R,
    data: true,
    params: { bucketName: bucket, Host: `${bucket}.s3.${R}.amazonaws.com`, key },
    response: { 'x-amz-server-side-encryption': 'aws:kms' },
    ...s3ObjectExtras(rec.rng, bucket, key, 0, rec.rng.int(200_000, 5_000_000)),
  });
}

/** An orders-api task starts on ECS: role credentials, its two secrets, its parameters and its config file. */
export function* ordersTaskStart(cast: Cast, rec: Recorder): Records {
  const taskId = rec.rng.chars(32, HEX);
  const actor = yield* assume(rec, awsServiceActor('ecs-tasks.amazonaws.com'), cast.ordersTask, taskId, {
    sourceIp: workloadIp(rec.rng),
    userAgent: fixedAgent(NODE_SDK('secrets-manager')),
  });
  yield* readSecret(rec, actor, 'prod/orders/db-password', cast);
  yield* readSecret(rec, actor, 'prod/payments/stripe-api-key', cast);
  const ssm = { ...actor, userAgent: fixedAgent(NODE_SDK('ssm')) };
  yield rec.call(
    ssm,
    {
      service: 'ssm',
      name: 'GetParameters',
      region: R,
      params: { names: ['/shop/prod/jwt/signing-key', '/shop/prod/redis/auth-token'], withDecryption: true },
    },
    0,
    2,
  );
  const bucket = cast.buckets.config;
  const key = 'orders-api/config.json';
  yield rec.call(
    { ...actor, userAgent: fixedAgent(NODE_SDK('s3')) },
    {
      service: 's3',
      name: 'GetObject',
      region: R,
      data: true,
      params: { bucketName: bucket, Host: `${bucket}.s3.${R}.amazonaws.com`, key },
      ...s3ObjectExtras(rec.rng, bucket, key, rec.rng.int(2_000, 4_000)),
    },
  );
}

/** The metrics collector in the internal account assumes its read role here and lists alarms and instances. */
export function* observabilityPoll(cast: Cast, rec: Recorder): Records {
  const collector = cast.observability;
  const caller = roleSessionActor(collector, {
    sessionName: 'collector',
    accessKeyId: newKey(rec),
    creationDate: rec.iso(-1800),
    sourceIp: collector.ip,
    userAgent: fixedAgent(COLLECTOR),
  });
  const actor = yield* assume(
    rec,
    caller,
    collector.localRole,
    'metrics-collector',
    { sourceIp: collector.ip, userAgent: fixedAgent(COLLECTOR) },
    GLOBAL_REGION,
  );
  yield rec.call(
    actor,
    { service: 'monitoring', name: 'DescribeAlarms', region: R, params: { maxRecords: 100 } },
    1,
    3,
  );
  yield rec.call(actor, {
    service: 'ec2',
    name: 'DescribeInstances',
    region: R,
    params: { maxResults: 1000 },
  });
}
