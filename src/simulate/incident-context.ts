/** What every incident stage shares: the stolen key's caller, the clock, and how AWS words a denial. */
import { personKeyActor } from './actors.js';
import { ACCOUNT, type Cast, type Person } from './cast.js';
import type { Actor, Call, Recorder } from './record.js';

/** Kali's packaged aws-cli; the CLI appends ` command/<service>.<command>` to it. */
export const KALI_CLI =
  'aws-cli/2.13.5 Python/3.11.4 Linux/6.3.0-kali1-amd64 exe/x86_64.kali.2023 prompt/off';
export const KALI_FIREFOX = 'Mozilla/5.0 (X11; Linux x86_64; rv:109.0) Gecko/20100101 Firefox/115.0';
export const ATTACKER_IP = '203.0.113.66';
/** The same operator, minutes later, from a second network (an IPv6 exit): one key, two places at once. */
export const ATTACKER_SECOND_IP = '2001:db8:4f::17';

export interface IncidentContext {
  cast: Cast;
  victim: Person;
  rec: Recorder;
  /** The stolen long-term key, from the attacker's machine. */
  attacker: Actor;
  /** Every record of the stage being built. */
  out: Record<string, unknown>[];
}

export function createIncidentContext(cast: Cast, rec: Recorder): IncidentContext {
  return {
    cast,
    victim: cast.victim,
    rec,
    attacker: personKeyActor(cast.victim, ATTACKER_IP, KALI_CLI),
    out: [],
  };
}

/** Records a call by the attacker (or `actor`) into the current stage, then pauses. */
export function attack(ctx: IncidentContext, call: Call, minPause = 2, maxPause = 10, actor?: Actor): void {
  ctx.out.push(ctx.rec.call(actor ?? ctx.attacker, call, minPause, maxPause));
}

export function userArn(userName: string): string {
  return `arn:aws:iam::${ACCOUNT}:user/${userName}`;
}

/** The errorCode and wording each service uses when no policy allows a call. */
export function denied(
  ctx: IncidentContext,
  service: string,
  action: string,
  resource?: string,
): [string, string] {
  const who = userArn(ctx.victim.userName);
  const because = `because no identity-based policy allows the ${service}:${action} action`;
  if (service === 'ec2') {
    return [
      'Client.UnauthorizedOperation',
      `You are not authorized to perform this operation. User: ${who} is not authorized to perform: ec2:${action} ${because}`,
    ];
  }
  const on = resource ? ` on resource: ${resource}` : '';
  const code = service === 'iam' || service === 's3' ? 'AccessDenied' : 'AccessDeniedException';
  return [code, `User: ${who} is not authorized to perform: ${service}:${action}${on} ${because}`];
}

/** A denial by the organization's guardrail SCP rather than by the user's own policies. */
export function deniedByScp(
  ctx: IncidentContext,
  service: string,
  action: string,
  resource: string,
): [string, string] {
  return [
    'AccessDenied',
    `User: ${userArn(ctx.victim.userName)} is not authorized to perform: ${service}:${action} on resource: ${resource} with an explicit deny in a service control policy`,
  ];
}
