/** GitHub Actions deploys: OIDC sign-in to the deploy role, ECR push, CloudFormation deploy, S3 artifacts. */
import { cliAgent, fixedAgent, roleSessionActor, stsCredentials } from './actors.js';
import { ACCOUNT, type Cast, MAIN_REGION } from './cast.js';
import { HEX, KEY_ALPHABET } from './prng.js';
import { type Actor, type Recorder, s3ObjectExtras } from './record.js';

type Records = Generator<Record<string, unknown>, void, undefined>;

const R = MAIN_REGION;
const STACK = 'shop-prod';
const SESSION = 'GitHubActions';
const OIDC_AGENT =
  'aws-sdk-js/3.654.0 ua/2.1 os/linux#6.5.0-1025-azure lang/js md/nodejs#20.17.0 api/sts#3.654.0 configure-aws-credentials-for-github-actions';
const RUNNER_CLI = 'aws-cli/2.18.0 Python/3.12.6 Linux/6.5.0-1025-azure exe/x86_64.ubuntu.22 prompt/off';
const DOCKER =
  'docker/26.1.3 go/go1.21.10 git-commit/8e96db1 kernel/6.5.0-1025-azure os/linux arch/amd64 UpstreamClient(Docker-Client/26.1.3 \\(linux\\))';

/** The OIDC exchange; returns the role-session caller for the rest of the run. */
function* signIn(
  cast: Cast,
  rec: Recorder,
  ip: string,
  ref: string,
): Generator<Record<string, unknown>, Actor> {
  const subject = `repo:${cast.ci.repo}:${ref}`;
  const accessKeyId = `ASIA${rec.rng.chars(16, KEY_ALPHABET)}`;
  yield rec.call(
    {
      identity: {
        type: 'WebIdentityUser',
        principalId: `${cast.ci.oidcProvider}:sts.amazonaws.com:${subject}`,
        userName: subject,
        identityProvider: cast.ci.oidcProvider,
      },
      sourceIp: ip,
      userAgent: () => OIDC_AGENT,
      tls: true,
    },
    {
      service: 'sts',
      name: 'AssumeRoleWithWebIdentity',
      region: R,
      params: { roleArn: cast.ci.arn, roleSessionName: SESSION, durationSeconds: 3600 },
      response: {
        credentials: stsCredentials(accessKeyId, rec.now + 3_600_000),
        subjectFromWebIdentityToken: subject,
        assumedRoleUser: {
          assumedRoleId: `${cast.ci.roleId}:${SESSION}`,
          arn: `arn:aws:sts::${ACCOUNT}:assumed-role/${cast.ci.name}/${SESSION}`,
        },
        provider: cast.ci.oidcProvider,
        audience: 'sts.amazonaws.com',
      },
      resources: [{ accountId: ACCOUNT, type: 'AWS::IAM::Role', ARN: cast.ci.arn }],
    },
    1,
    3,
  );
  return roleSessionActor(cast.ci, {
    sessionName: SESSION,
    accessKeyId,
    creationDate: rec.iso(-2),
    sourceIp: ip,
    userAgent: cliAgent(RUNNER_CLI),
  });
}

function* pushImage(rec: Recorder, actor: Actor): Records {
  const docker = { ...actor, userAgent: fixedAgent(DOCKER) };
  const repo = { repositoryName: 'orders-api', registryId: ACCOUNT };
  yield rec.call(actor, { service: 'ecr', name: 'GetAuthorizationToken', region: R, params: {} }, 2, 6);
  yield rec.call(
    docker,
    { service: 'ecr', name: 'BatchCheckLayerAvailability', region: R, params: repo },
    1,
    2,
  );
  const layers = rec.rng.int(1, 3);
  for (let i = 0; i < layers; i += 1) {
    const uploadId = rec.rng.uuid();
    yield rec.call(
      docker,
      {
        service: 'ecr',
        name: 'InitiateLayerUpload',
        region: R,
        params: repo,
        response: { uploadId, partSize: 10485760 },
      },
      1,
      4,
    );
    yield rec.call(
      docker,
      { service: 'ecr', name: 'UploadLayerPart', region: R, params: { ...repo, uploadId, partFirstByte: 0 } },
      2,
      20,
    );
    yield rec.call(
      docker,
      { service: 'ecr', name: 'CompleteLayerUpload', region: R, params: { ...repo, uploadId } },
      1,
      3,
    );
  }
  const digest = `sha256:${rec.rng.chars(64, HEX)}`;
  yield rec.call(
    docker,
    {
      service: 'ecr',
      name: 'PutImage',
      region: R,
      params: { ...repo, imageTag: rec.rng.chars(7, HEX) },
      response: { image: { imageId: { imageDigest: digest } } },
    },
    5,
    20,
  );
}

function* deployStack(cast: Cast, rec: Recorder, actor: Actor, noChanges: boolean): Records {
  const key = `lambda/orders-webhook-${rec.rng.chars(12, HEX)}.zip`;
  const bucket = cast.buckets.artifacts;
  yield rec.call(
    actor,
    {
      service: 's3',
      name: 'PutObject',
      region: R,
      data: true,
      command: 's3.cp',
      params: { bucketName: bucket, Host: `${bucket}.s3.${R}.amazonaws.com`, key },
      response: { 'x-amz-server-side-encryption': 'AES256' },
      ...s3ObjectExtras(rec.rng, bucket, key, 0, rec.rng.int(2_000_000, 9_000_000)),
    },
    2,
    5,
  );
  const changeSet = `deploy-${rec.rng.chars(8, HEX)}`;
  const stack = { stackName: STACK, changeSetName: changeSet };
  yield rec.call(
    actor,
    {
      service: 'cloudformation',
      name: 'CreateChangeSet',
      region: R,
      params: { ...stack, changeSetType: 'UPDATE', capabilities: ['CAPABILITY_IAM'] },
    },
    3,
    8,
  );
  yield rec.call(
    actor,
    { service: 'cloudformation', name: 'DescribeChangeSet', region: R, params: stack },
    5,
    15,
  );
  if (noChanges) {
    // The everyday "nothing to deploy" failure of a CloudFormation pipeline.
    yield rec.call(actor, {
      service: 'cloudformation',
      name: 'ExecuteChangeSet',
      region: R,
      params: stack,
      error: [
        'ValidationError',
        `ChangeSet [${changeSet}] cannot be executed in its current status of [FAILED]`,
      ],
    });
    return;
  }
  yield rec.call(
    actor,
    { service: 'cloudformation', name: 'ExecuteChangeSet', region: R, params: stack },
    5,
    10,
  );
  // CloudFormation then calls Lambda and ECS with the caller's credentials (forward access sessions).
  const cfn = {
    ...actor,
    sourceIp: 'cloudformation.amazonaws.com',
    userAgent: fixedAgent('cloudformation.amazonaws.com'),
    tls: false,
  };
  cfn.identity = { ...actor.identity, invokedBy: 'cloudformation.amazonaws.com' };
  const fn = 'orders-webhook';
  yield rec.call(
    cfn,
    {
      service: 'lambda',
      name: 'UpdateFunctionCode20150331v2',
      region: R,
      params: { functionName: fn, s3Bucket: bucket, s3Key: key },
    },
    3,
    10,
  );
  yield rec.call(
    cfn,
    { service: 'lambda', name: 'GetFunction20150331v2', region: R, params: { functionName: fn } },
    5,
    20,
  );
  yield rec.call(
    cfn,
    { service: 'ecs', name: 'RegisterTaskDefinition', region: R, params: { family: 'orders-api' } },
    2,
    5,
  );
  yield rec.call(
    cfn,
    {
      service: 'ecs',
      name: 'UpdateService',
      region: R,
      params: { cluster: 'shop-prod', service: 'orders-api' },
    },
    10,
    30,
  );
  const polls = rec.rng.int(2, 6);
  for (let i = 0; i < polls; i += 1) {
    yield rec.call(
      actor,
      { service: 'cloudformation', name: 'DescribeStacks', region: R, params: { stackName: STACK } },
      10,
      30,
    );
  }
  yield rec.call(actor, {
    service: 'cloudformation',
    name: 'DescribeStackEvents',
    region: R,
    params: { stackName: STACK },
  });
}

/** One push to main: build and push the image, upload the Lambda bundle, deploy the stack. */
export function* ciDeploy(cast: Cast, rec: Recorder): Records {
  const ip = `198.51.100.${rec.rng.int(10, 250)}`;
  const actor = yield* signIn(cast, rec, ip, 'ref:refs/heads/main');
  yield rec.call(actor, { service: 'sts', name: 'GetCallerIdentity', region: R, params: null }, 20, 120);
  yield* pushImage(rec, actor);
  yield* deployStack(cast, rec, actor, rec.rng.chance(0.08));
}

/** The nightly drift check of the scheduled workflow. */
export function* ciDriftCheck(cast: Cast, rec: Recorder): Records {
  const ip = `198.51.100.${rec.rng.int(10, 250)}`;
  const actor = yield* signIn(cast, rec, ip, 'ref:refs/heads/main');
  yield rec.call(
    actor,
    { service: 'cloudformation', name: 'DescribeStacks', region: R, params: { stackName: STACK } },
    2,
    5,
  );
  const detection = { stackDriftDetectionId: rec.rng.uuid() };
  yield rec.call(
    actor,
    {
      service: 'cloudformation',
      name: 'DetectStackDrift',
      region: R,
      params: { stackName: STACK },
      response: detection,
    },
    20,
    60,
  );
  yield rec.call(actor, {
    service: 'cloudformation',
    name: 'DescribeStackDriftDetectionStatus',
    region: R,
    params: detection,
  });
}
