/** Reads the outcome of a signin.amazonaws.com ConsoleLogin record. */
import type { TrailEvent } from '../cloudtrail/event.js';
import { response } from '../cloudtrail/fields.js';

/** Failed sign-ins carry responseElements.ConsoleLogin "Failure" and an errorMessage, rarely an errorCode. */
export function consoleLoginFailed(event: TrailEvent): boolean {
  return event.failed || event.errorMessage !== undefined || response(event, 'ConsoleLogin') === 'Failure';
}

/** additionalEventData.MFAUsed: "Yes" or "No"; undefined when the record does not say. */
export function consoleMfaUsed(event: TrailEvent): boolean | undefined {
  const used = event.additionalEventData?.MFAUsed;
  if (used === 'Yes') return true;
  if (used === 'No') return false;
  return undefined;
}
