/** Incident stages 5-6: defense evasion, then data theft (secrets, SecureStrings, a snapshot, a bucket). */
import { ATTACKER_ACCOUNT, GLOBAL_REGION, MAIN_REGION } from './cast.js';
import { attack, deniedByScp, type IncidentContext } from './incident-context.js';
import { type Call, s3ObjectExtras } from './record.js';

const G = GLOBAL_REGION;
const R = MAIN_REGION;
export const SECRETS_READ = 12;
export const OBJECTS_READ = 240;
/** Stage 5: narrow one trail to nothing, try to stop the organization trail, delete GuardDuty. */
export function defenseEvasion(ctx: IncidentContext): void {
  const { cast } = ctx;
  const selectors = [
    {
      readWriteType: 'All',
      includeManagementEvents: false,
      dataResources: [],
      excludeManagementEventSources: [],
    },
  ];
  attack(ctx, {
    service: 'cloudtrail',
    name: 'GetEventSelectors',
    region: G,
    params: { trailName: cast.trail },
  });
  attack(
    ctx,
    {
      service: 'cloudtrail',
      name: 'PutEventSelectors',
      region: G,
      params: { trailName: cast.trail, eventSelectors: selectors },
      response: { trailARN: cast.trail, eventSelectors: selectors },
    },
    20,
    60,
  );
  attack(
    ctx,
    {
      service: 'cloudtrail',
      name: 'StopLogging',
      region: G,
      params: { name: cast.orgTrail },
      error: deniedByScp(ctx, 'cloudtrail', 'StopLogging', cast.orgTrail),
    },
    30,
    90,
  );
  for (const [region, detectorId] of Object.entries(cast.guardDutyDetectors)) {
    attack(ctx, { service: 'guardduty', name: 'ListDetectors', region, params: null });
    attack(ctx, { service: 'guardduty', name: 'DeleteDetector', region, params: { detectorId } }, 10, 40);
  }
}

function s3Params(bucket: string, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return { bucketName: bucket, Host: `${bucket}.s3.${R}.amazonaws.com`, ...extra };
}

function stealSecrets(ctx: IncidentContext): void {
  const { rec, cast } = ctx;
  attack(
    ctx,
    { service: 'secretsmanager', name: 'ListSecrets', region: R, params: { maxResults: 100 } },
    10,
    30,
  );
  // Twelve different secrets within ten minutes.
  const pool = [...cast.secrets];
  for (let i = 0; i < SECRETS_READ; i += 1) {
    const [name] = pool.splice(rec.rng.int(0, pool.length - 1), 1);
    attack(
      ctx,
      { service: 'secretsmanager', name: 'GetSecretValue', region: R, params: { secretId: name } },
      25,
      45,
    );
  }
  attack(ctx, {
    service: 'ssm',
    name: 'DescribeParameters',
    region: R,
    params: { parameterFilters: [{ key: 'Type', values: ['SecureString'] }] },
  });
  const params = cast.secureParameters;
  for (const names of [params.slice(0, 3), params.slice(3, 6)]) {
    attack(
      ctx,
      { service: 'ssm', name: 'GetParameters', region: R, params: { names, withDecryption: true } },
      5,
      20,
    );
  }
  attack(
    ctx,
    {
      service: 'ssm',
      name: 'GetParametersByPath',
      region: R,
      params: { path: '/shop/prod', recursive: true, withDecryption: true },
    },
    30,
    90,
  );
}

function shareOut(ctx: IncidentContext): void {
  const { cast } = ctx;
  attack(
    ctx,
    {
      service: 'ec2',
      name: 'DescribeSnapshots',
      region: R,
      params: { ownersSet: { items: [{ owner: 'self' }] } },
    },
    10,
    30,
  );
  attack(
    ctx,
    {
      service: 'ec2',
      name: 'ModifySnapshotAttribute',
      region: R,
      params: {
        snapshotId: cast.snapshotId,
        createVolumePermission: { add: { items: [{ userId: ATTACKER_ACCOUNT }] } },
        attributeType: 'CREATE_VOLUME_PERMISSION',
      },
      response: { requestId: ctx.rec.rng.uuid(), _return: true },
    },
    60,
    120,
  );
  const bucket = cast.buckets.exports;
  // The bucket's Block Public Access has to go before a public policy can stick.
  attack(ctx, {
    service: 's3',
    name: 'GetBucketPublicAccessBlock',
    region: R,
    params: s3Params(bucket, { publicAccessBlock: '' }),
  });
  attack(
    ctx,
    {
      service: 's3',
      name: 'DeleteBucketPublicAccessBlock',
      region: R,
      params: s3Params(bucket, { publicAccessBlock: '' }),
    },
    20,
    60,
  );
  const policy = {
    Version: '2012-10-17',
    Statement: [
      {
        Sid: 'PublicRead',
        Effect: 'Allow',
        Principal: '*',
        Action: 's3:GetObject',
        Resource: `arn:aws:s3:::${bucket}/*`,
      },
    ],
  };
  attack(
    ctx,
    {
      service: 's3',
      name: 'PutBucketPolicy',
      region: R,
      params: s3Params(bucket, { bucketPolicy: policy, policy: [''] }),
    },
    60,
    120,
  );
}

function bulkDownload(ctx: IncidentContext): void {
  const { rec, cast } = ctx;
  const bucket = cast.buckets.exports;
  const listing = s3ObjectExtras(rec.rng, bucket, 'customers/', 0);
  listing.resources = [
    { type: 'AWS::S3::Object', ARNPrefix: `arn:aws:s3:::${bucket}/customers/` },
    ...(listing.resources ?? []).slice(1),
  ];
  attack(
    ctx,
    {
      service: 's3',
      name: 'ListObjects',
      region: R,
      data: true,
      command: 's3.sync',
      params: s3Params(bucket, { 'list-type': '2', prefix: 'customers/' }),
      ...listing,
    },
    1,
    3,
  );
  for (let i = 0; i < OBJECTS_READ; i += 1) {
    const key = `customers/2026/part-${String(i).padStart(5, '0')}.csv.gz`;
    const call: Call = {
      service: 's3',
      name: 'GetObject',
      region: R,
      data: true,
      command: 's3.sync',
      params: s3Params(bucket, { key }),
      ...s3ObjectExtras(rec.rng, bucket, key, rec.rng.int(1_000_000, 8_000_000)),
    };
    // aws s3 sync runs ten transfers at a time: several objects a second.
    attack(ctx, call, 0, 2);
  }
}

/** Stage 6: secrets and SecureStrings in bulk, a snapshot shared out, a bucket made public and emptied. */
export function dataTheft(ctx: IncidentContext): void {
  stealSecrets(ctx);
  shareOut(ctx);
  bulkDownload(ctx);
}
