/** What the service-enumeration detectors share: which calls are reads, denials, console clicks. */

import type { BoundedSet } from '../behaviour/bounded-set.js';
import type { DetectionContext } from '../behaviour/context.js';
import type { ActorProfile } from '../behaviour/profiles.js';
import { userAgentFamily } from '../behaviour/user-agent.js';
import type { TrailEvent } from '../cloudtrail/event.js';
import { isServiceActing } from '../cloudtrail/fields.js';

/** Reconnaissance reads: what every enumeration script calls. */
export const READ_PREFIXES = ['List', 'Describe', 'Get'] as const;

/** The errorCodes AWS APIs return when no policy allows the call. */
export const DENIED_ERROR_CODES: ReadonlySet<string> = new Set([
  'AccessDenied',
  'AccessDeniedException',
  'UnauthorizedOperation',
  'Client.UnauthorizedOperation',
]);

const CONSOLE_FAMILIES = new Set(['console', 'browser']);

// A trail has a few thousand distinct actions and millions of events: build each "service:eventName" once,
// so profile lookups reuse one string instead of hashing a fresh one per event.
const MAX_ACTIONS = 10_000;
const actionKeys = new Map<string, Map<string, string>>();
let actionCount = 0;

/** "iam:ListUsers", the key of ActorProfile.actions. */
export function actionOf(event: TrailEvent): string {
  let byName = actionKeys.get(event.service);
  if (byName === undefined) {
    if (actionCount >= MAX_ACTIONS) {
      actionKeys.clear();
      actionCount = 0;
    }
    byName = new Map();
    actionKeys.set(event.service, byName);
  }
  let action = byName.get(event.eventName);
  if (action === undefined) {
    action = `${event.service}:${event.eventName}`;
    byName.set(event.eventName, action);
    actionCount += 1;
  }
  return action;
}

export function isReadCall(event: TrailEvent): boolean {
  const name = event.eventName;
  return (
    (name.startsWith('List') || name.startsWith('Describe') || name.startsWith('Get')) &&
    event.eventCategory === 'Management'
  );
}

export function isDenied(event: TrailEvent): boolean {
  return event.errorCode !== undefined && DENIED_ERROR_CODES.has(event.errorCode);
}

/**
 * Calls the principal chose to make: not an AWS service acting for it (CloudFormation, Auto Scaling…),
 * and not the AWS console, whose pages fire a dozen reads per click (console sessions are console-access's).
 */
export function isOwnToolCall(event: TrailEvent): boolean {
  return !isServiceActing(event) && !CONSOLE_FAMILIES.has(userAgentFamily(event.userAgent));
}

// bounded-set.ts refreshes a last-seen time at most once an hour, so "seen lately" allows an hour of slack.
const LAST_SEEN_SLACK_MS = 3_600_000;

/** The principal's history: services, actions and regions are learned per principal, not per key. */
export function actorHistory(context: DetectionContext): ActorProfile | undefined {
  return context.principal;
}

/**
 * True when the principal called `value` within the window (plus the hour of last-seen slack) before
 * `time`. Window detectors signal only a value's first call after a quiet spell: the grouper counts
 * distinct values, so repeats add nothing but work, and a service in steady use is not part of a sweep.
 */
export function seenLately(
  set: BoundedSet | undefined,
  value: string,
  time: number,
  windowMs: number,
): boolean {
  const last = set?.[value];
  return last !== undefined && time - last <= windowMs + LAST_SEEN_SLACK_MS;
}
