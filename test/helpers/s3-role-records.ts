/**
 * S3 and STS records, and weeks of routine history, for the s3-access and role-assumption detector tests.
 * Redacted after the CloudTrail record reference: account 123456789012, documentation IP ranges.
 */
import { ACCOUNT, assumedRole, iamUser, record } from './records.js';

export const FIRST_DAY = '2026-03-02';
export const OFFICE_IP = '192.0.2.10';
export const OUTSIDE_IP = '203.0.113.66';
export const OUTSIDE_ACCOUNT = '444455556666';
export const PARTNER_ACCOUNT = '210987654321';

/** ISO time on day `day` (0 = FIRST_DAY) at `hour`:`minute` UTC. */
export function at(day: number, hour = 10, minute = 0, second = 0): string {
  const base = Date.parse(`${FIRST_DAY}T00:00:00Z`);
  const ms = base + day * 86_400_000 + hour * 3_600_000 + minute * 60_000 + second * 1000;
  return new Date(ms).toISOString().replace('.000Z', 'Z');
}

/** One record per (day, slot): `days` days of `perDay` records each, made by `make`. */
export function everyDay(
  days: number,
  perDay: number,
  make: (eventTime: string, day: number, slot: number) => Record<string, unknown>,
  firstDay = 0,
): Record<string, unknown>[] {
  const out: Record<string, unknown>[] = [];
  for (let day = firstDay; day < firstDay + days; day += 1)
    for (let slot = 0; slot < perDay; slot += 1) out.push(make(at(day, 9, slot * 7), day, slot));
  return out;
}

/** An S3 object-level data event (eventCategory Data), as a trail with data events writes it. */
export function s3Object(
  eventName: string,
  bucket: string,
  key: string,
  overrides: Record<string, unknown> = {},
): Record<string, unknown> {
  return record({
    eventSource: 's3.amazonaws.com',
    eventName,
    awsRegion: 'eu-west-1',
    sourceIPAddress: OFFICE_IP,
    userAgent: '[aws-cli/2.15.0 Python/3.11.6 Linux/6.1 exe/x86_64 command/s3.cp]',
    requestParameters: { bucketName: bucket, Host: `${bucket}.s3.eu-west-1.amazonaws.com`, key },
    readOnly: eventName.startsWith('Get'),
    managementEvent: false,
    eventCategory: 'Data',
    resources: [
      { type: 'AWS::S3::Object', ARN: `arn:aws:s3:::${bucket}/${key}` },
      { accountId: ACCOUNT, type: 'AWS::S3::Bucket', ARN: `arn:aws:s3:::${bucket}` },
    ],
    ...overrides,
  });
}

/** A bucket-level management event (GetBucketAcl, PutBucketPolicy, CreateBucket…). */
export function s3Bucket(
  eventName: string,
  bucket: string,
  overrides: Record<string, unknown> = {},
): Record<string, unknown> {
  return record({
    eventSource: 's3.amazonaws.com',
    eventName,
    awsRegion: 'eu-west-1',
    sourceIPAddress: OFFICE_IP,
    requestParameters: { bucketName: bucket, Host: `${bucket}.s3.eu-west-1.amazonaws.com` },
    readOnly: eventName.startsWith('Get'),
    ...overrides,
  });
}

export function listBuckets(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return record({
    eventSource: 's3.amazonaws.com',
    eventName: 'ListBuckets',
    sourceIPAddress: OFFICE_IP,
    requestParameters: { Host: 's3.amazonaws.com' },
    ...overrides,
  });
}

/**
 * Alice's routine: `days` days of CLI work from the office (6 calls a day: ListBuckets, reads of
 * `bucket`, an IAM read), enough to leave tuning.learning behind after 7 days and 50 events.
 */
export function aliceRoutine(days = 10, bucket = 'example-app-config'): Record<string, unknown>[] {
  return everyDay(days, 6, (eventTime, _day, slot) => {
    if (slot === 0) return listBuckets({ eventTime });
    if (slot < 4) return s3Object('GetObject', bucket, `app/config-${slot}.json`, { eventTime });
    return record({ eventTime, sourceIPAddress: OFFICE_IP });
  });
}

export function roleArn(name: string, account = ACCOUNT): string {
  return `arn:aws:iam::${account}:role/${name}`;
}

/** An STS AssumeRole* record by `userIdentity` into `role`. */
export function assume(
  role: string,
  userIdentity: Record<string, unknown>,
  overrides: Record<string, unknown> = {},
  eventName = 'AssumeRole',
): Record<string, unknown> {
  const session = 'session-1';
  return record({
    eventSource: 'sts.amazonaws.com',
    eventName,
    userIdentity,
    sourceIPAddress: OFFICE_IP,
    requestParameters: { roleArn: role, roleSessionName: session },
    responseElements: {
      credentials: { accessKeyId: 'ASIAEXAMPLEISSUED001', expiration: 'Mar 2, 2026, 11:00:00 AM' },
      assumedRoleUser: {
        arn: `${role.replace(':iam::', ':sts::').replace(':role/', ':assumed-role/')}/${session}`,
      },
    },
    resources: [{ accountId: role.split(':')[4], type: 'AWS::IAM::Role', ARN: role }],
    ...overrides,
  });
}

/** An IAM user or role session of another account, as its own trail names it. */
export function outsideUser(userName = 'mallory', account = OUTSIDE_ACCOUNT): Record<string, unknown> {
  return {
    ...iamUser(userName, 'AKIAI44QH8DHBEXAMPLE'),
    principalId: 'AIDAOUTSIDEEXAMPLE01',
    arn: `arn:aws:iam::${account}:user/${userName}`,
    accountId: account,
  };
}

/** How a role's account sees another account's caller: type AWSAccount, principalId only. */
export function awsAccountCaller(principalId: string, account = OUTSIDE_ACCOUNT): Record<string, unknown> {
  return { type: 'AWSAccount', principalId, accountId: account };
}

/** A session of `roleName` in `account` (another account's role when account differs). */
export function roleSession(roleName: string, session: string, account = ACCOUNT): Record<string, unknown> {
  const identity = assumedRole(roleName, session) as Record<string, unknown> & {
    sessionContext: { sessionIssuer: Record<string, unknown> };
  };
  return {
    ...identity,
    arn: `arn:aws:sts::${account}:assumed-role/${roleName}/${session}`,
    accountId: account,
    sessionContext: {
      ...identity.sessionContext,
      sessionIssuer: {
        ...identity.sessionContext.sessionIssuer,
        arn: roleArn(roleName, account),
        accountId: account,
      },
    },
  };
}

/** GitHub Actions' OIDC caller, as CloudTrail writes it for AssumeRoleWithWebIdentity. */
export function githubActions(subject = 'repo:example-org/shop-platform:ref:refs/heads/main') {
  const provider = `arn:aws:iam::${ACCOUNT}:oidc-provider/token.actions.githubusercontent.com`;
  return {
    type: 'WebIdentityUser',
    principalId: `${provider}:sts.amazonaws.com:${subject}`,
    userName: subject,
    identityProvider: provider,
  };
}

/** `days` days on which `caller` assumes `role` twice from `ip` (history for the role's profile). */
export function roleRoutine(
  role: string,
  caller: Record<string, unknown>,
  days = 10,
  ip = OFFICE_IP,
  eventName = 'AssumeRole',
): Record<string, unknown>[] {
  return everyDay(days, 2, (eventTime) =>
    assume(role, caller, { eventTime, sourceIPAddress: ip }, eventName),
  );
}
