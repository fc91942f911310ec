/** Folds one event into the profiles it touches, after the detectors have judged it. */
import type { TrailEvent } from '../cloudtrail/event.js';
import { paramString } from '../cloudtrail/fields.js';
import type { IpInfo } from '../intel/ip-intel.js';
import { has } from './bounded-set.js';
import {
  type AccountProfile,
  type ActorProfile,
  CAPS,
  countDay,
  countHour,
  markFresh,
  type RoleProfile,
  rememberSource,
  touch,
} from './profiles.js';
import { countCall } from './rate-windows.js';
import { userAgentFamily } from './user-agent.js';

const ASSUME_ROLE = new Set(['AssumeRole', 'AssumeRoleWithSAML', 'AssumeRoleWithWebIdentity']);

export function isAssumeRole(event: TrailEvent): boolean {
  return event.service === 'sts' && ASSUME_ROLE.has(event.eventName);
}

// `service:eventName` for the actions set, built once per pair: a string built per event is hashed afresh
// at every lookup, and was a share of the scan's garbage. A trail calls a few hundred distinct APIs; the
// cap keeps a hostile one from growing this without end.
const MAX_CACHED = 5_000;
const actionNames = new Map<string, Map<string, string>>();

function actionOf(event: TrailEvent): string {
  const byName = actionNames.get(event.service);
  const known = byName?.get(event.eventName);
  if (known !== undefined) return known;
  const action = `${event.service}:${event.eventName}`;
  if (byName === undefined) {
    if (actionNames.size < MAX_CACHED) actionNames.set(event.service, new Map([[event.eventName, action]]));
  } else if (byName.size < MAX_CACHED) byName.set(event.eventName, action);
  return action;
}

/** A source worth remembering as a place: an address on the internet, not a service or a private range. */
export function isPlace(source: IpInfo): boolean {
  return source.kind === 'public' || source.kind === 'documentation';
}

/**
 * `scope` 'key' learns only what differs per access key (where it is used from, with what, how much);
 * what it is used for is the principal's story, learned once.
 */
export function learnActor(
  profile: ActorProfile,
  event: TrailEvent,
  source: IpInfo,
  scope: 'principal' | 'key' = 'principal',
): void {
  const at = event.time;
  profile.events += 1;
  profile.lastSeen = Math.max(profile.lastSeen, at);
  countDay(profile, at);
  countHour(profile, at);
  countCall(profile, at);
  if (isPlace(source)) {
    // Only a principal with history has "new" places; during its first days everything is new.
    if (profile.events > 1 && !has(profile.networks, source.network))
      markFresh(profile, 'net', source.network, at);
    touch(profile.networks, source.network, at, CAPS.networks);
    if (source.country) touch(profile.countries, source.country, at, CAPS.countries);
    touch(profile.ips, event.sourceIp, at, CAPS.ips);
    rememberSource(profile, at, event.sourceIp, source);
  }
  touch(profile.agents, userAgentFamily(event.userAgent), at, CAPS.agents);
  if (scope === 'key') return;
  touch(profile.services, event.service, at, CAPS.services);
  touch(profile.actions, actionOf(event), at, CAPS.actions);
  if (!event.failed) {
    touch(profile.regions, event.awsRegion, at, CAPS.regions);
    const bucket = event.service === 's3' ? paramString(event, 'bucketName') : undefined;
    if (bucket) {
      if (profile.events > 1 && !has(profile.buckets, bucket)) markFresh(profile, 'bucket', bucket, at);
      touch(profile.buckets, bucket, at, CAPS.buckets);
    }
  }
}

/**
 * A region is "used" once something was changed there: an intruder's reads (a sweep across regions, a
 * DescribeImages before RunInstances) must not make a region look used seconds before the launch.
 */
export function learnAccount(profile: AccountProfile, event: TrailEvent, serviceActing: boolean): void {
  countDay(profile, event.time);
  if (!event.failed && !serviceActing && event.readOnly === false) {
    touch(profile.regions, event.awsRegion, event.time, CAPS.regions);
  }
}

export function learnRole(profile: RoleProfile, event: TrailEvent, source: IpInfo): void {
  if (event.failed) return;
  const at = event.time;
  profile.events += 1;
  countDay(profile, at);
  touch(profile.callers, event.identity.arn, at, CAPS.callers);
  touch(profile.accounts, event.identity.accountId, at, CAPS.callers);
  touch(profile.networks, source.network, at, CAPS.networks);
}
