/** A resource policy (S3, ECR, KMS, SQS, SNS, Secrets Manager, OpenSearch, Glacier, EFS, Backup) opened up. */
import type { TrailEvent } from '../cloudtrail/event.js';
import { param, paramString, parsePolicy } from '../cloudtrail/fields.js';
import { defineDetector } from './detector.js';

/** Where each call carries the new policy document in requestParameters. */
const POLICY_PARAMS: Readonly<Record<string, readonly string[]>> = {
  PutBucketPolicy: ['bucketPolicy'],
  SetRepositoryPolicy: ['policyText'],
  CreateElasticsearchDomain: ['accessPolicies'],
  UpdateElasticsearchDomainConfig: ['accessPolicies'],
  CreateDomain: ['accessPolicies'],
  UpdateDomainConfig: ['accessPolicies'],
  CreateKey: ['policy'],
  PutKeyPolicy: ['policy'],
  SetVaultAccessPolicy: ['policy.policy'],
  CreateQueue: ['attributes.Policy'],
  SetQueueAttributes: ['attributes.Policy'],
  CreateTopic: ['attributes.Policy'],
  SetTopicAttributes: ['attributeValue'],
  PutResourcePolicy: ['resourcePolicy', 'policy', 'policyDocument'],
  PutFileSystemPolicy: ['policy'],
  PutBackupVaultAccessPolicy: ['policy'],
};

/**
 * Condition keys that pin a Principal "*" statement to known callers or networks (compared lowercase).
 * kms:ViaService is not here: on its own it admits any account's principals that go through the service.
 */
const RESTRICTING_CONDITION_KEYS = new Set([
  'aws:sourceip',
  'aws:sourcevpc',
  'aws:sourcevpce',
  'aws:sourceaccount',
  'aws:sourcearn',
  'aws:sourceowner',
  'aws:sourceorgid',
  'aws:sourceorgpaths',
  'aws:principalorgid',
  'aws:principalorgpaths',
  'aws:principalarn',
  'aws:principalaccount',
  'aws:principalservicename',
  'aws:userid',
  'aws:username',
  'kms:calleraccount',
  's3:dataaccesspointaccount',
]);

const RESOURCE_KIND: Readonly<Record<string, string>> = {
  s3: 'S3 bucket',
  ecr: 'ECR repository',
  es: 'OpenSearch domain',
  kms: 'KMS key',
  glacier: 'Glacier vault',
  sqs: 'SQS queue',
  sns: 'SNS topic',
  secretsmanager: 'secret',
  elasticfilesystem: 'EFS file system',
  backup: 'backup vault',
};
const RESOURCE_NAME_PARAMS = [
  'bucketName',
  'repositoryName',
  'domainName',
  'keyId',
  'vaultName',
  'queueUrl',
  'queueName',
  'topicArn',
  'secretId',
  'fileSystemId',
  'backupVaultName',
  'resourceArn',
  'name',
];

const ACCOUNT_IN_PRINCIPAL = /^(?:(\d{12})|arn:aws[\w-]*:(?:iam|sts)::(\d{12}):)/;

type Exposure = { kind: 'public' } | { kind: 'accounts'; accounts: string[] };

/**
 * A condition restricts when a positive operator (no Not, no IfExists) tests a restricting key against
 * something other than "*".
 */
function isRestricting(condition: unknown): boolean {
  if (!condition || typeof condition !== 'object') return false;
  return Object.entries(condition as Record<string, unknown>).some(([operator, tests]) => {
    if (/not|ifexists|^null$/i.test(operator) || !tests || typeof tests !== 'object') return false;
    return Object.entries(tests as Record<string, unknown>).some(
      ([key, value]) =>
        RESTRICTING_CONDITION_KEYS.has(key.toLowerCase()) && [value].flat().some((v) => v !== '*'),
    );
  });
}

function awsPrincipals(principal: unknown): string[] {
  if (principal === '*') return ['*'];
  if (!principal || typeof principal !== 'object') return [];
  const aws = (principal as Record<string, unknown>).AWS;
  return [aws].flat().filter((value): value is string => typeof value === 'string');
}

/** Public beats cross-account; a statement scoped by a restricting condition counts as neither. */
function policyExposure(policy: Record<string, unknown>, ownAccount: string): Exposure | undefined {
  const accounts = new Set<string>();
  for (const statement of [policy.Statement].flat() as Record<string, unknown>[]) {
    if (!statement || typeof statement !== 'object' || statement.Effect !== 'Allow') continue;
    if (statement.NotPrincipal !== undefined && !isRestricting(statement.Condition))
      return { kind: 'public' };
    const principals = awsPrincipals(statement.Principal);
    if (principals.includes('*') && !isRestricting(statement.Condition)) return { kind: 'public' };
    for (const principal of principals) {
      const match = ACCOUNT_IN_PRINCIPAL.exec(principal);
      const account = match?.[1] ?? match?.[2];
      if (account && ownAccount && account !== ownAccount) accounts.add(account);
    }
  }
  return accounts.size > 0 ? { kind: 'accounts', accounts: [...accounts] } : undefined;
}

function newPolicy(event: TrailEvent): Record<string, unknown> | undefined {
  if (event.eventName === 'SetTopicAttributes' && paramString(event, 'attributeName') !== 'Policy')
    return undefined;
  for (const path of POLICY_PARAMS[event.eventName] ?? []) {
    const policy = parsePolicy(param(event, path));
    if (policy) return policy;
  }
  return undefined;
}

function resourceName(event: TrailEvent): string {
  const kind = RESOURCE_KIND[event.service] ?? `${event.service} resource`;
  const name = RESOURCE_NAME_PARAMS.map((path) => paramString(event, path)).find(Boolean);
  return name ? `${kind} ${name}` : `a ${kind}`;
}

export const resourcePolicyMadePublic = defineDetector({
  meta: {
    id: 'resource-policy-made-public',
    title: 'Resource policy made public or opened to another account',
    description:
      'Detects a new resource policy (S3 bucket, ECR repository, KMS key, SQS queue, SNS topic, Secrets ' +
      'Manager secret, OpenSearch domain, Glacier vault, EFS file system, backup vault) that allows ' +
      'Principal "*" with no condition pinning it to an account, organization, network or source (high), ' +
      'or that names another AWS account (medium). An intruder opens a resource to read it from outside ' +
      'or from an account they own. Unlike Panther, failed calls are reported too, one step lower.',
    category: 'data-exfiltration',
    severity: 'high',
    attack: ['T1537', 'T1530'],
    falsePositives: [
      'A public static-website or public-dataset bucket whose policy grants s3:GetObject to "*" on purpose.',
      'Cross-account access inside the organization (a central logging, backup or CI account) written as ' +
        'account ids rather than aws:PrincipalOrgID.',
      'CloudFormation or Terraform re-applying an existing policy (userIdentity.invokedBy set, ranked lower).',
    ],
    runbook: [
      'Read the policy in requestParameters (bucketPolicy, policy, policyText, attributes.Policy, ' +
        'resourcePolicy): which actions does Principal "*" or the foreign account get? Put the previous ' +
        'policy back if nobody owns the change.',
      'For the 24 hours after eventTime, look for reads of the resource from outside the account ' +
        '(S3 data events, kms:Decrypt, secretsmanager:GetSecretValue with a foreign userIdentity.accountId).',
      'If the caller is not a known deployment role, contain the key: deactivate it and revoke its sessions.',
    ],
    references: [
      'https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_principal.html',
      'https://docs.aws.amazon.com/IAM/latest/UserGuide/access-analyzer-resources.html',
      'https://github.com/panther-labs/panther-analysis/blob/main/rules/aws_cloudtrail_rules/aws_resource_made_public.yml',
      'https://attack.mitre.org/techniques/T1537/',
    ],
    events: Object.keys(POLICY_PARAMS),
  },
  match(event) {
    const policy = newPolicy(event);
    if (!policy) return undefined;
    const exposure = policyExposure(policy, event.recipientAccountId);
    if (!exposure) return undefined;
    const verb = event.failed ? 'tried to open' : 'opened';
    const where = `with ${event.eventName} in ${event.awsRegion}`;
    if (exposure.kind === 'public') {
      return {
        summary:
          `${event.identity.arn} ${verb} ${resourceName(event)} to everyone: the new policy allows ` +
          `Principal "*" with no restricting condition (${where}).`,
      };
    }
    return {
      severity: 'medium',
      summary: `${event.identity.arn} ${verb} ${resourceName(event)} to account ${exposure.accounts.join(', ')} ${where}.`,
    };
  },
});
