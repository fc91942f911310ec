/** What people do: console pages and CLI tasks, each a handful of calls around one service. */
import { ACCOUNT, type Cast, GLOBAL_REGION, MAIN_REGION, type Person } from './cast.js';
import { type Call, type Recorder, s3ObjectExtras } from './record.js';

export type Task = (cast: Cast, rec: Recorder, person: Person) => Call[];

const R = MAIN_REGION;

/** What a person looks at in the console: each page is a handful of reads against one service. */
export const CONSOLE_PAGES: ((cast: Cast) => Call[])[] = [
  () => [
    { service: 'ec2', name: 'DescribeInstances', region: R, params: { maxResults: 50 } },
    { service: 'ec2', name: 'DescribeInstanceStatus', region: R, params: { includeAllInstances: true } },
    { service: 'ec2', name: 'DescribeSecurityGroups', region: R, params: {} },
  ],
  () => [
    { service: 'ecs', name: 'ListClusters', region: R, params: {} },
    { service: 'ecs', name: 'DescribeClusters', region: R, params: { clusters: ['shop-prod'] } },
    { service: 'ecs', name: 'ListServices', region: R, params: { cluster: 'shop-prod' } },
  ],
  (cast) => [
    { service: 'lambda', name: 'ListFunctions20150331', region: R, params: { maxItems: 50 } },
    {
      service: 'lambda',
      name: 'GetFunction20150331v2',
      region: R,
      params: { functionName: cast.functions[0] },
    },
  ],
  () => [
    { service: 'monitoring', name: 'DescribeAlarms', region: R, params: { maxRecords: 100 } },
    { service: 'logs', name: 'DescribeLogGroups', region: R, params: { limit: 50 } },
  ],
  () => [
    { service: 'rds', name: 'DescribeDBInstances', region: R, params: {} },
    { service: 'rds', name: 'DescribeDBClusters', region: R, params: {} },
  ],
  () => [
    { service: 'cloudformation', name: 'DescribeStacks', region: R, params: null },
    { service: 'cloudformation', name: 'DescribeStackEvents', region: R, params: { stackName: 'shop-prod' } },
  ],
];

export const CLI_TASKS: Task[] = [
  () => [{ service: 'sts', name: 'GetCallerIdentity', region: R, params: null }],
  (cast) => [
    {
      service: 'ec2',
      name: 'DescribeInstances',
      region: R,
      params: { filterSet: { items: [{ name: 'tag:app', valueSet: { items: [{ value: 'shop' }] } }] } },
    },
    {
      service: 'ec2',
      name: 'DescribeSecurityGroups',
      region: R,
      params: { groupIdSet: { items: [{ groupId: cast.securityGroups.web }] } },
    },
  ],
  () => [
    { service: 'ecs', name: 'ListServices', region: R, params: { cluster: 'shop-prod' } },
    {
      service: 'ecs',
      name: 'DescribeServices',
      region: R,
      params: { cluster: 'shop-prod', services: ['orders-api'] },
    },
    {
      service: 'ecs',
      name: 'ListTasks',
      region: R,
      params: { cluster: 'shop-prod', serviceName: 'orders-api' },
    },
  ],
  () => [
    {
      service: 'rds',
      name: 'DescribeDBInstances',
      region: R,
      params: { dBInstanceIdentifier: 'shop-prod-db' },
    },
    {
      service: 'rds',
      name: 'DescribeDBSnapshots',
      region: R,
      params: { dBInstanceIdentifier: 'shop-prod-db' },
    },
  ],
  (cast, rec) => {
    const fn = rec.rng.pick(cast.functions);
    return [
      { service: 'lambda', name: 'GetFunction20150331v2', region: R, params: { functionName: fn } },
      {
        service: 'logs',
        name: 'DescribeLogStreams',
        region: R,
        params: { logGroupName: `/aws/lambda/${fn}`, descending: true },
      },
    ];
  },
  (cast, rec) => {
    const fn = rec.rng.pick(cast.functions.slice(0, 3));
    const arn = `arn:aws:lambda:${R}:${ACCOUNT}:function:${fn}`;
    return [
      {
        service: 'lambda',
        name: 'GetFunctionConfiguration20150331v2',
        region: R,
        params: { functionName: fn },
      },
      {
        service: 'lambda',
        name: 'UpdateFunctionCode20150331v2',
        region: R,
        params: { functionName: fn, publish: false, dryRun: false },
        response: {
          functionName: fn,
          functionArn: arn,
          runtime: 'nodejs20.x',
          lastUpdateStatus: 'InProgress',
        },
      },
      { service: 'lambda', name: 'GetFunction20150331v2', region: R, params: { functionName: fn } },
    ];
  },
  (cast, rec) => {
    const key = `campaigns/2026/banner-${rec.rng.int(100, 999)}.webp`;
    return [
      {
        service: 's3',
        name: 'ListBuckets',
        region: GLOBAL_REGION,
        params: { Host: 's3.amazonaws.com' },
        command: 's3.ls',
      },
      {
        service: 's3',
        name: 'PutObject',
        region: R,
        data: true,
        command: 's3.cp',
        params: {
          bucketName: cast.buckets.assets,
          Host: `${cast.buckets.assets}.s3.${R}.amazonaws.com`,
          key,
        },
        response: { 'x-amz-server-side-encryption': 'AES256' },
        ...s3ObjectExtras(rec.rng, cast.buckets.assets, key, 0, rec.rng.int(20_000, 400_000)),
      },
    ];
  },
  (cast, rec) => {
    const key = `orders-api/${rec.rng.pick(['config.json', 'feature-flags.json'])}`;
    const bucket = cast.buckets.config;
    return [
      {
        service: 's3',
        name: 'GetObject',
        region: R,
        data: true,
        command: 's3.cp',
        params: { bucketName: bucket, Host: `${bucket}.s3.${R}.amazonaws.com`, key },
        ...s3ObjectExtras(rec.rng, bucket, key, rec.rng.int(800, 6_000)),
      },
    ];
  },
  (_cast, _rec, person) => [
    { service: 'iam', name: 'GetUser', region: GLOBAL_REGION, params: null },
    {
      service: 'iam',
      name: 'ListAttachedUserPolicies',
      region: GLOBAL_REGION,
      params: { userName: person.userName },
    },
    { service: 'iam', name: 'ListRoles', region: GLOBAL_REGION, params: { maxItems: 100 } },
  ],
  () => [
    { service: 'monitoring', name: 'DescribeAlarms', region: R, params: { stateValue: 'ALARM' } },
    {
      service: 'monitoring',
      name: 'DescribeAlarmHistory',
      region: R,
      params: { alarmName: 'orders-api-5xx', maxRecords: 20 },
    },
  ],
  (cast) => [
    { service: 'secretsmanager', name: 'DescribeSecret', region: R, params: { secretId: cast.secrets[10] } },
    { service: 'secretsmanager', name: 'GetSecretValue', region: R, params: { secretId: cast.secrets[10] } },
  ],
];
