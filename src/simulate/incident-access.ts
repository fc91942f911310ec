/** Incident stages 2-4: key operations, persistence, and the key turned into a console session. */
import { federatedUserIdentity, fixedAgent, stsCredentials } from './actors.js';
import { ACCOUNT, ATTACKER_ACCOUNT, GLOBAL_REGION, MAIN_REGION } from './cast.js';
import { attack, type IncidentContext, KALI_FIREFOX, userArn } from './incident-context.js';
import { KEY_ALPHABET } from './prng.js';
import type { Actor } from './record.js';

const G = GLOBAL_REGION;
const R = MAIN_REGION;

export const BACKDOOR_USER = 'svc-backup';
export const BACKDOOR_ROLE = 'support-readonly';
export const FEDERATED_NAME = 'backup-admin';

/** Stage 2: list the other people's keys, mint a key for one of them. */
export function keyOperations(ctx: IncidentContext): void {
  const others = ctx.cast.people.filter((person) => person !== ctx.victim);
  for (const person of others) {
    attack(
      ctx,
      { service: 'iam', name: 'ListAccessKeys', region: G, params: { userName: person.userName } },
      3,
      15,
    );
  }
  const target = ctx.rec.rng.pick(others);
  const accessKeyId = `AKIA${ctx.rec.rng.chars(16, KEY_ALPHABET)}`;
  attack(
    ctx,
    {
      service: 'iam',
      name: 'CreateAccessKey',
      region: G,
      params: { userName: target.userName },
      response: {
        accessKey: { userName: target.userName, accessKeyId, status: 'Active', createDate: ctx.rec.iso() },
      },
    },
    60,
    180,
  );
}

/** Stage 3: a backdoor admin user with a key and a password, and a role the attacker's account may assume. */
export function persistence(ctx: IncidentContext): void {
  const { rec } = ctx;
  const user = { userName: BACKDOOR_USER };
  const created = rec.iso();
  attack(ctx, {
    service: 'iam',
    name: 'CreateUser',
    region: G,
    params: user,
    response: {
      user: {
        path: '/',
        userName: BACKDOOR_USER,
        userId: `AIDA${rec.rng.chars(17, KEY_ALPHABET)}`,
        arn: userArn(BACKDOOR_USER),
        createDate: created,
      },
    },
  });
  attack(ctx, {
    service: 'iam',
    name: 'AttachUserPolicy',
    region: G,
    params: { ...user, policyArn: 'arn:aws:iam::aws:policy/AdministratorAccess' },
  });
  attack(ctx, {
    service: 'iam',
    name: 'CreateAccessKey',
    region: G,
    params: user,
    response: {
      accessKey: {
        ...user,
        accessKeyId: `AKIA${rec.rng.chars(16, KEY_ALPHABET)}`,
        status: 'Active',
        createDate: rec.iso(),
      },
    },
  });
  attack(
    ctx,
    {
      service: 'iam',
      name: 'CreateLoginProfile',
      region: G,
      params: { ...user, passwordResetRequired: false },
      response: { loginProfile: { ...user, createDate: rec.iso(), passwordResetRequired: false } },
    },
    30,
    120,
  );
  attack(ctx, { service: 'iam', name: 'GetRole', region: G, params: { roleName: BACKDOOR_ROLE } }, 20, 60);
  const trust = {
    Version: '2012-10-17',
    Statement: [
      {
        Effect: 'Allow',
        Principal: { AWS: `arn:aws:iam::${ATTACKER_ACCOUNT}:root` },
        Action: 'sts:AssumeRole',
      },
    ],
  };
  attack(ctx, {
    service: 'iam',
    name: 'UpdateAssumeRolePolicy',
    region: G,
    params: { roleName: BACKDOOR_ROLE, policyDocument: JSON.stringify(trust) },
  });
  assumeFromOutside(ctx);
}

/** The attacker's own account walks in through the trust it just added (logged in the role's account). */
function assumeFromOutside(ctx: IncidentContext): void {
  const { rec } = ctx;
  const outsider: Actor = {
    // In the role owner's trail, a caller from another account appears as AWSAccount.
    identity: {
      type: 'AWSAccount',
      principalId: `AIDA${rec.rng.chars(17, KEY_ALPHABET)}`,
      accountId: ATTACKER_ACCOUNT,
    },
    sourceIp: ctx.attacker.sourceIp,
    userAgent: fixedAgent('aws-cli/2.13.5 Python/3.11.4 Linux/6.3.0-kali1-amd64 exe/x86_64.kali.2023'),
    tls: true,
    recipientAccountId: ACCOUNT,
  };
  const accessKeyId = `ASIA${rec.rng.chars(16, KEY_ALPHABET)}`;
  const roleArn = `arn:aws:iam::${ACCOUNT}:role/${BACKDOOR_ROLE}`;
  attack(
    ctx,
    {
      service: 'sts',
      name: 'AssumeRole',
      region: G,
      params: { roleArn, roleSessionName: 'maint' },
      response: {
        credentials: stsCredentials(accessKeyId, rec.now + 3_600_000),
        assumedRoleUser: {
          assumedRoleId: `AROA${rec.rng.chars(17, KEY_ALPHABET)}:maint`,
          arn: `arn:aws:sts::${ACCOUNT}:assumed-role/${BACKDOOR_ROLE}/maint`,
        },
      },
    },
    30,
    90,
    outsider,
  );
}

/** Stage 4: the long-term key becomes a console session through a federation token. */
export function consoleSession(ctx: IncidentContext): void {
  const { rec, victim } = ctx;
  const accessKeyId = `ASIA${rec.rng.chars(16, KEY_ALPHABET)}`;
  const federatedArn = `arn:aws:sts::${ACCOUNT}:federated-user/${FEDERATED_NAME}`;
  const allowAll = '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"*","Resource":"*"}]}';
  attack(
    ctx,
    {
      service: 'sts',
      name: 'GetFederationToken',
      region: G,
      params: { name: FEDERATED_NAME, durationSeconds: 43200, policy: allowAll },
      response: {
        credentials: stsCredentials(accessKeyId, rec.now + 43_200_000),
        federatedUser: { federatedUserId: `${ACCOUNT}:${FEDERATED_NAME}`, arn: federatedArn },
        packedPolicySize: 6,
      },
    },
    20,
    40,
  );
  const federated = (agent: string, console = false): Actor => ({
    identity: federatedUserIdentity(victim, FEDERATED_NAME, accessKeyId, rec.iso(-30)),
    sourceIp: ctx.attacker.sourceIp,
    userAgent: fixedAgent(agent),
    tls: true,
    ...(console ? { console } : {}),
  });
  const signIn = { service: 'signin', region: G, eventType: 'AwsConsoleSignIn', noRequestId: true } as const;
  attack(
    ctx,
    {
      ...signIn,
      name: 'GetSigninToken',
      params: null,
      response: { credentials: { accessKeyId }, GetSigninToken: 'Success' },
      additional: { MobileVersion: 'No' },
      readOnly: false,
    },
    5,
    20,
    federated('python-requests/2.31.0'),
  );
  attack(
    ctx,
    {
      ...signIn,
      name: 'ConsoleLogin',
      params: null,
      response: { ConsoleLogin: 'Success' },
      additional: {
        LoginTo: 'https://console.aws.amazon.com/console/home',
        MobileVersion: 'No',
        MFAUsed: 'No',
      },
      readOnly: false,
    },
    30,
    90,
    federated(KALI_FIREFOX),
  );
  const browser = federated(KALI_FIREFOX, true);
  attack(ctx, { service: 'iam', name: 'ListUsers', region: G, params: null }, 10, 40, browser);
  attack(
    ctx,
    { service: 'ec2', name: 'DescribeInstances', region: R, params: { maxResults: 50 } },
    10,
    40,
    browser,
  );
}
