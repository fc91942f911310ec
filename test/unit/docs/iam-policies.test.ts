/** The shipped IAM policies grant exactly what the code calls: the reader reads, the responder only contains. */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { LOG_ARCHIVE_SESSION_NAME } from '../../../src/aws/log-archive-clients.js';

const ROOT = join(import.meta.dirname, '../../..');
const policy = (name: string) => JSON.parse(readFileSync(join(ROOT, 'docs/iam', name), 'utf8'));

interface Statement {
  Effect: string;
  Action: string | string[];
}
const allowed = (doc: { Statement: Statement[] }) =>
  new Set(doc.Statement.filter((s) => s.Effect === 'Allow').flatMap((s) => [s.Action].flat()));

/** `service:Action` for every SDK command `files` construct, e.g. `new UpdateAccessKeyCommand` → iam:UpdateAccessKey. */
function calledIn(dir: string, service: (command: string) => string): Set<string> {
  const found = new Set<string>();
  for (const file of readdirSync(join(ROOT, dir), { recursive: true }).map(String)) {
    if (!file.endsWith('.ts')) continue;
    const text = readFileSync(join(ROOT, dir, file), 'utf8');
    for (const match of text.matchAll(/new ([A-Z]\w+)Command\(/g)) found.add(service(match[1] ?? ''));
  }
  return found;
}

const EC2 = new Set([
  'DescribeSecurityGroupRules',
  'RevokeSecurityGroupIngress',
  'AuthorizeSecurityGroupIngress',
]);
const prefixed = (command: string) => `${EC2.has(command) ? 'ec2' : 'iam'}:${command}`;

describe('docs/iam', () => {
  it('every policy is valid JSON with a 2012-10-17 version', () => {
    for (const name of readdirSync(join(ROOT, 'docs/iam'))) {
      expect(policy(name).Version, name).toBe('2012-10-17');
    }
  });

  it('the responder policy allows every AWS call a containment action makes, and nothing to read CloudTrail', () => {
    const responder = allowed(policy('responder-policy.json'));
    for (const action of calledIn('src/aws/containment', prefixed))
      expect(responder, action).toContain(action);
    expect([...responder].some((action) => action.startsWith('cloudtrail:'))).toBe(false);
    // The bot's own roles are out of its reach, whatever else a statement allows.
    const deny = policy('responder-policy.json').Statement.find((s: Statement) => s.Effect === 'Deny');
    expect(deny.Resource).toContain('arn:aws:iam::*:role/trailwatch-*');
  });

  it('the reader policy allows what polling, key owners and the actor lookup read, and no write', () => {
    const reader = allowed(policy('reader-policy.json'));
    expect(reader).toContain('cloudtrail:LookupEvents');
    for (const action of ['iam:GetAccessKeyLastUsed', 'iam:ListAccessKeys', 'iam:GetUser'])
      expect(reader).toContain(action);
    const writes = [...reader].filter((a) => /:(Put|Update|Delete|Create|Attach|Revoke|Authorize)/.test(a));
    expect(writes).toEqual([]);
  });

  it('the log-archive policy allows exactly the S3 and SQS calls the s3-sqs source makes, and kms:Decrypt', () => {
    const S3 = new Set(['GetObject', 'ListObjectsV2']);
    // ListObjectsV2 is authorised as s3:ListBucket.
    const action = (command: string) =>
      S3.has(command) ? `s3:${command === 'ListObjectsV2' ? 'ListBucket' : command}` : `sqs:${command}`;
    const called = calledIn('src/sources/s3-sqs', action);
    expect([...called].sort()).toEqual(
      [
        's3:GetObject',
        's3:ListBucket',
        'sqs:ChangeMessageVisibility',
        'sqs:DeleteMessage',
        'sqs:ReceiveMessage',
      ].sort(),
    );
    const doc = policy('log-archive-policy.json');
    // SSE-KMS trail files are decrypted by S3 on the role's behalf: no call of ours, but the role needs it.
    expect([...allowed(doc)].sort()).toEqual([...called, 'kms:Decrypt'].sort());
    const decrypt = doc.Statement.find(
      (s: Statement & { Condition?: unknown }) => s.Action === 'kms:Decrypt',
    );
    expect(JSON.stringify(decrypt.Condition)).toContain('kms:ViaService');
    const getObject = doc.Statement.find(
      (s: Statement & { Resource?: string }) => s.Action === 's3:GetObject',
    );
    expect(getObject.Resource).toMatch(/^arn:aws:s3:::[^/*]+\/AWSLogs\/\*$/);
  });

  it('the log-archive key-policy statement lets only the log-archive role decrypt, only through S3, only trail files', () => {
    const doc = policy('log-archive-key-policy-statement.json');
    expect(doc.Statement).toHaveLength(1);
    const [statement] = doc.Statement;
    expect(statement.Effect).toBe('Allow');
    expect(statement.Action).toBe('kms:Decrypt');
    // The same role the log-archive policy is for (its ARN names the role the README says to create).
    expect(statement.Principal.AWS).toMatch(/^arn:aws:iam::\d{12}:role\/trailwatch-log-archive$/);
    expect(statement.Condition.StringEquals['kms:ViaService']).toMatch(/^s3\.[a-z0-9-]+\.amazonaws\.com$/);
    // CloudTrail encrypts each file with its trail's ARN in the encryption context.
    expect(statement.Condition.Null['kms:EncryptionContext:aws:cloudtrail:arn']).toBe('false');
  });

  it('the log-archive trust policy names the session the source assumes it with', () => {
    const trust = JSON.stringify(policy('log-archive-trust-policy.json'));
    expect(trust).toContain(LOG_ARCHIVE_SESSION_NAME);
  });
});
