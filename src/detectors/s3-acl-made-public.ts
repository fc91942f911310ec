/** S3 bucket or object ACL granting access to everyone or to every AWS account. */
import type { TrailEvent } from '../cloudtrail/event.js';
import { param, paramString, pathGet } from '../cloudtrail/fields.js';
import { defineDetector } from './detector.js';

const ACL_EVENTS = ['PutBucketAcl', 'PutObjectAcl'];
/** The two predefined S3 groups that reach outside the account. */
const PUBLIC_GROUPS: Readonly<Record<string, string>> = {
  'http://acs.amazonaws.com/groups/global/AllUsers': 'everyone (AllUsers)',
  'http://acs.amazonaws.com/groups/global/AuthenticatedUsers': 'every AWS account (AuthenticatedUsers)',
};
const PUBLIC_CANNED_ACLS: Readonly<Record<string, string>> = {
  'public-read': 'everyone (public-read)',
  'public-read-write': 'everyone (public-read-write)',
  'authenticated-read': 'every AWS account (authenticated-read)',
};
/** Request headers CloudTrail copies into requestParameters that can name a grantee group. */
const GRANT_HEADERS = [
  'x-amz-grant-read',
  'x-amz-grant-write',
  'x-amz-grant-read-acp',
  'x-amz-grant-write-acp',
  'x-amz-grant-full-control',
];

function strings(value: unknown): string[] {
  return [value].flat().filter((each): each is string => typeof each === 'string');
}

/** Who the new ACL opens the bucket or object to, or undefined when it stays private. */
function publicGrantee(event: TrailEvent): string | undefined {
  for (const canned of strings(param(event, 'x-amz-acl'))) {
    const grantee = PUBLIC_CANNED_ACLS[canned];
    if (grantee) return grantee;
  }
  const grants = [param(event, 'AccessControlPolicy.AccessControlList.Grant')].flat();
  const uris = grants.flatMap((grant) => strings(pathGet(grant, 'Grantee.URI')));
  const headerText = GRANT_HEADERS.flatMap((header) => strings(param(event, header))).join(' ');
  for (const [uri, grantee] of Object.entries(PUBLIC_GROUPS)) {
    if (uris.includes(uri) || headerText.includes(uri)) return grantee;
  }
  return undefined;
}

export const s3AclMadePublic = defineDetector({
  meta: {
    id: 's3-acl-made-public',
    title: 'S3 bucket or object ACL made public',
    description:
      'Detects PutBucketAcl (high) and PutObjectAcl (medium, a data event) whose new ACL grants the AllUsers ' +
      'or AuthenticatedUsers group, through a canned ACL (public-read, public-read-write, authenticated-read), ' +
      'a grant header or the AccessControlList: the data becomes readable from anywhere. Failed attempts ' +
      'are reported one step lower.',
    category: 'data-exfiltration',
    severity: 'high',
    attack: ['T1530', 'T1537'],
    falsePositives: [
      'Legacy public websites or download buckets that still publish with public-read ACLs.',
      'Build tooling that uploads release artefacts with --acl public-read.',
    ],
    runbook: [
      'Put the ACL back to private (PutBucketAcl or PutObjectAcl with x-amz-acl private) and confirm the ' +
        'account and bucket Block Public Access settings are on.',
      'Check the S3 data events for requestParameters.bucketName in the 24 hours after eventTime for ' +
        'GetObject calls from unknown sourceIPAddress values.',
      'If the caller is not a known publishing role, contain the key: deactivate it and revoke its sessions.',
    ],
    references: [
      'https://docs.aws.amazon.com/AmazonS3/latest/userguide/acl-overview.html',
      'https://docs.aws.amazon.com/AmazonS3/latest/userguide/cloudtrail-logging-understanding-s3-entries.html',
      'https://attack.mitre.org/techniques/T1530/',
    ],
    events: ACL_EVENTS,
  },
  match(event) {
    const grantee = publicGrantee(event);
    if (!grantee) return undefined;
    const bucket = paramString(event, 'bucketName') ?? 'a bucket';
    const key = paramString(event, 'key');
    const target =
      event.eventName === 'PutObjectAcl' ? `object ${key ?? '?'} in bucket ${bucket}` : `bucket ${bucket}`;
    const verb = event.failed ? 'tried to grant' : 'granted';
    return {
      severity: event.eventName === 'PutObjectAcl' ? 'medium' : 'high',
      summary: `${event.identity.arn} ${verb} ${grantee} access to S3 ${target} with ${event.eventName}.`,
    };
  },
});
