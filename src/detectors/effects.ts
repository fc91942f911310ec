/** The shape multi-call detectors share: each call's severity and the words of its summary. */
import type { DetectionContext } from '../behaviour/context.js';
import type { TrailEvent } from '../cloudtrail/event.js';
import type { Severity } from '../findings/severity.js';
import type { Signal } from './detector.js';

/** How bad a call is, its verb (past, base) and its object, for the summary. */
export type Effect = [severity: Severity, past: string, base: string, object: string];

/** "arn:… deleted EFS file system fs-1 in us-east-1." ("tried to delete" when the call failed). */
export function effectSignal(event: TrailEvent, effect: Effect, name?: string, detail = ''): Signal {
  const [severity, past, base, object] = effect;
  const verb = event.failed ? `tried to ${base}` : past;
  return {
    severity,
    summary: `${event.identity.arn} ${verb} ${object}${name ? ` ${name}` : ''} in ${event.awsRegion}${detail}.`,
  };
}

/**
 * "An unusual principal" for a rare, powerful call: one with history (past tuning.learning) that never
 * made any of `actions` ("ssm:SendCommand") before. A principal still learning has no normal to differ from.
 */
export function neverCalledBefore(context: DetectionContext, actions: readonly string[]): boolean {
  const history = context.principal;
  if (context.learning || !history) return false;
  return actions.every((action) => history.actions[action] === undefined);
}
