/** ListBuckets from a network the principal never used: an intruder surveying the account's data. */
import { isServiceActing } from '../cloudtrail/fields.js';
import { callerWords, placeBaselineWords } from './actor-words.js';
import { sourceWords } from './baseline.js';
import { defineDetector } from './detector.js';
import { isJudgedPlace, knowsNetwork } from './source-history.js';

const LIST_BUCKETS = ['ListBuckets'];

export const listBucketsFromNewSource = defineDetector({
  meta: {
    id: 'list-buckets-from-new-source',
    title: 'S3 buckets listed from a network the principal never used',
    description:
      'Detects ListBuckets by a principal with history (past tuning.learning) from a network (ASN, or the /24 ' +
      'when the ASN is unknown) it never used before: among the first calls an intruder makes with a stolen ' +
      'key, to see what data the account holds. Private and AWS addresses, AWS services acting for the ' +
      'principal, and sources in tuning.allow are never new. A new address inside a known network is not ' +
      'reported.',
    category: 's3-access',
    severity: 'medium',
    attack: ['T1619', 'T1078.004'],
    falsePositives: [
      'A person working from home, travelling or tethered to a phone for the first time who opens the S3 ' +
        'console or runs aws s3 ls.',
      'A workload moved to a new hosting provider or region that lists buckets at start-up.',
    ],
    runbook: [
      'Check who owns sourceIPAddress and whether the principal’s owner was working from there at eventTime.',
      'List everything the same userIdentity.accessKeyId did from that sourceIPAddress in the 2 hours after ' +
        'eventTime, looking for GetBucketPolicy, GetObject and ListObjects on buckets it never used.',
      'If the source is not explained, contain the key: deactivate it and revoke its sessions.',
    ],
    references: [
      'https://docs.aws.amazon.com/AmazonS3/latest/API/API_ListBuckets.html',
      'https://attack.mitre.org/techniques/T1619/',
    ],
    events: LIST_BUCKETS,
    behavioural: true,
  },
  match(event, context) {
    const principal = context.principal;
    if (context.learning || !principal || isServiceActing(event)) return undefined;
    if (!isJudgedPlace(context) || knowsNetwork(context, context.source.network)) return undefined;
    return {
      summary:
        `${callerWords(event)} listed all S3 buckets from ${sourceWords(context, event.sourceIp)}, a ` +
        `network it never used; ${placeBaselineWords(principal)}.`,
    };
  },
});
