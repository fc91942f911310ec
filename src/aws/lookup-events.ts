/** The CloudTrail SDK client as the LookupEvents port of src/cloudtrail. */
import { type CloudTrailClient, LookupEventsCommand } from '@aws-sdk/client-cloudtrail';
import type { LookupEventsPort } from '../cloudtrail/lookup-events-port.js';

/** Build `client` with `maxAttempts: 1`: the readers take a rate-limiter token before every attempt. */
export function lookupEventsVia(client: CloudTrailClient): LookupEventsPort {
  return {
    lookupEvents: (input, options) => client.send(new LookupEventsCommand(input), options),
  };
}
