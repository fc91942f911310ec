/** Routine sessions of the developers: MFA console sign-ins, focused CLI work bursts, a key rotation. */
import { iamUserIdentity, personConsoleActor, personKeyActor } from './actors.js';
import { ACCOUNT, type Cast, GLOBAL_REGION, MAIN_REGION, type Person } from './cast.js';
import { KEY_ALPHABET } from './prng.js';
import type { Actor, Call, Recorder } from './record.js';
import { CLI_TASKS, CONSOLE_PAGES } from './routine-tasks.js';

type Records = Generator<Record<string, unknown>, void, undefined>;

const R = MAIN_REGION;

/** A typo now and then: the failures of everyday work are "not found", never "denied". */
function withTypo(rec: Recorder, calls: Call[]): Call[] {
  if (!rec.rng.chance(0.03)) return calls;
  const fn = 'orders-webhok';
  const typo: Call = {
    service: 'lambda',
    name: 'GetFunction20150331v2',
    region: R,
    params: { functionName: fn },
    error: ['ResourceNotFoundException', `Function not found: arn:aws:lambda:${R}:${ACCOUNT}:function:${fn}`],
  };
  return [typo, ...calls];
}

export function* consoleSession(cast: Cast, rec: Recorder, person: Person): Records {
  const ip = person.ips[0] as string;
  const signIn: Actor = {
    identity: iamUserIdentity(person),
    sourceIp: ip,
    userAgent: () => person.browserUserAgent,
    tls: true,
  };
  yield rec.call(
    signIn,
    {
      service: 'signin',
      name: 'ConsoleLogin',
      region: GLOBAL_REGION,
      eventType: 'AwsConsoleSignIn',
      readOnly: false,
      noRequestId: true,
      response: { ConsoleLogin: 'Success' },
      additional: {
        LoginTo: 'https://console.aws.amazon.com/console/home?state=hashArgs%23&isauthcode=true',
        MobileVersion: 'No',
        MFAIdentifier: `arn:aws:iam::${ACCOUNT}:mfa/${person.userName}`,
        MFAUsed: 'Yes',
      },
    },
    20,
    90,
  );
  const actor = personConsoleActor(person, ip, `ASIA${rec.rng.chars(16, KEY_ALPHABET)}`, rec.iso(-60));
  const pages = rec.rng.int(1, 4);
  for (let i = 0; i < pages; i += 1) {
    for (const call of rec.rng.pick(CONSOLE_PAGES)(cast)) yield rec.call(actor, call, 1, 8);
    rec.wait(30, 600);
  }
}

export function* cliSession(cast: Cast, rec: Recorder, person: Person, accessKeyId: string): Records {
  const ip = rec.rng.pick(person.ips);
  const agent = person.sdkUserAgent && rec.rng.chance(0.3) ? person.sdkUserAgent : person.cliUserAgent;
  const actor = personKeyActor(person, ip, agent, accessKeyId);
  const tasks = rec.rng.int(1, 3);
  for (let i = 0; i < tasks; i += 1) {
    const calls = withTypo(rec, rec.rng.pick(CLI_TASKS)(cast, rec, person));
    for (const call of calls) yield rec.call(actor, call, 2, 40);
    rec.wait(60, 900);
  }
}

/** A person rotates their own key: create the new one, deactivate the old, delete it. */
export function* keyRotation(_cast: Cast, rec: Recorder, person: Person): Records {
  const actor = personKeyActor(person, person.ips[0] as string, person.cliUserAgent);
  const user = { userName: person.userName };
  const created = rec.iso();
  yield rec.call(
    actor,
    { service: 'iam', name: 'ListAccessKeys', region: GLOBAL_REGION, params: user },
    5,
    30,
  );
  yield rec.call(
    actor,
    {
      service: 'iam',
      name: 'CreateAccessKey',
      region: GLOBAL_REGION,
      params: user,
      response: {
        accessKey: {
          userName: person.userName,
          accessKeyId: person.nextAccessKeyId,
          status: 'Active',
          createDate: created,
        },
      },
    },
    120,
    600,
  );
  const next = personKeyActor(person, person.ips[0] as string, person.cliUserAgent, person.nextAccessKeyId);
  const old = { userName: person.userName, accessKeyId: person.accessKeyId };
  yield rec.call(next, { service: 'sts', name: 'GetCallerIdentity', region: R, params: null }, 30, 300);
  yield rec.call(
    next,
    {
      service: 'iam',
      name: 'UpdateAccessKey',
      region: GLOBAL_REGION,
      params: { ...old, status: 'Inactive' },
    },
    300,
    1200,
  );
  yield rec.call(next, { service: 'iam', name: 'DeleteAccessKey', region: GLOBAL_REGION, params: old });
}
