/**
 * Which LookupEvents attribute `/trail who-did <target>` searches. The rule, first match wins:
 *   1. `--by <AttributeKey>` names it outright (EventName, Username, ResourceName, AccessKeyId, …);
 *   2. `AKIA` or `ASIA` and 16 more capitals or digits   -> AccessKeyId;
 *   3. an ARN (`arn:…`)                                  -> ResourceName;
 *   4. a service host (`iam.amazonaws.com`)              -> EventSource;
 *   5. a CloudTrail event id (a UUID)                    -> EventId;
 *   6. a CamelCase word that starts with an API verb (CreateUser, ConsoleLogin, GetObject) -> EventName;
 *   7. anything else                                     -> Username (an IAM user, role session or "root").
 */
import { LOOKUP_ATTRIBUTE_KEYS, type LookupAttributeKey } from '../src/cloudtrail/on-demand-lookup.js';

export const ACCESS_KEY_ID = /^(AKIA|ASIA)[A-Z0-9]{16}$/;
const SERVICE_HOST = /^[a-z0-9-]+(\.[a-z0-9-]+)*\.amazonaws\.com$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
// The verb, then at least one more capitalised part: "CreateUser", "CreateDBSnapshot", "ConsoleLogin".
const CAMEL_CALL = /^([A-Z][a-z]+)[A-Z0-9][A-Za-z0-9]*$/;
// First words of CloudTrail event names; a CamelCase user name ("DeployBot") starts with none of them.
const API_VERBS = new Set(
  (
    'Abort Accept Activate Add Allocate Apply Assign Associate Assume Attach Authorize Batch Cancel Change ' +
    'Check Complete Confirm Console Copy Create Deactivate Decrypt Delete Deregister Describe Detach Disable ' +
    'Disassociate Enable Encrypt Estimate Execute Exit Export Generate Get Head Import Initiate Invoke Leave ' +
    'List Lookup Modify Publish Purchase Put Reboot Register Reject Release Remove Renew Replace Request ' +
    'Reset Restore Resync Revoke Rotate Run Schedule Search Select Send Set Simulate Start Stop Subscribe ' +
    'Switch Tag Terminate Test Unsubscribe Untag Update Upload Verify'
  ).split(' '),
);

export interface WhoDidTarget {
  key: LookupAttributeKey;
  value: string;
  /** Why this attribute, for the answer ("it looks like an access key id"). */
  because: string;
}

export function parseAttributeKey(text: string): LookupAttributeKey | undefined {
  return LOOKUP_ATTRIBUTE_KEYS.find((key) => key.toLowerCase() === text.toLowerCase());
}

export function chooseAttribute(value: string, by?: LookupAttributeKey): WhoDidTarget {
  if (by) return { key: by, value, because: 'you asked for it with --by' };
  if (ACCESS_KEY_ID.test(value))
    return { key: 'AccessKeyId', value, because: 'it looks like an access key id' };
  if (value.startsWith('arn:')) return { key: 'ResourceName', value, because: 'it is an ARN' };
  if (SERVICE_HOST.test(value)) return { key: 'EventSource', value, because: 'it is a service endpoint' };
  if (UUID.test(value)) return { key: 'EventId', value, because: 'it looks like an event id' };
  const verb = CAMEL_CALL.exec(value)?.[1];
  if (verb && API_VERBS.has(verb)) return { key: 'EventName', value, because: 'it looks like an API call' };
  return { key: 'Username', value, because: 'it looks like a user or role session name' };
}
