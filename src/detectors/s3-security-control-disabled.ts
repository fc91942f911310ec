/** S3 server access logging turned off, or versioning / MFA delete turned off, on a bucket. */
import type { TrailEvent } from '../cloudtrail/event.js';
import { param, paramString } from '../cloudtrail/fields.js';
import { defineDetector } from './detector.js';

const S3_CONTROL_EVENTS = ['PutBucketLogging', 'PutBucketVersioning'];
/** S3 accepts only Suspended; "Disabled" shows up from tools that send it anyway. */
const VERSIONING_OFF = new Set(['Suspended', 'Disabled']);

/** PutBucketLogging without a LoggingEnabled element switches server access logging off. */
function loggingDisabled(event: TrailEvent): boolean {
  if (param(event, 'logging') === '') return true;
  const status = param(event, 'BucketLoggingStatus');
  return !!status && typeof status === 'object' && !('LoggingEnabled' in status);
}

/** What a call turned off, in words; empty when it turned nothing off. */
function controlsTurnedOff(event: TrailEvent): string[] {
  if (event.eventName === 'PutBucketLogging') return loggingDisabled(event) ? ['server access logging'] : [];
  const off: string[] = [];
  if (VERSIONING_OFF.has(paramString(event, 'VersioningConfiguration.Status') ?? '')) off.push('versioning');
  if (paramString(event, 'VersioningConfiguration.MfaDelete') === 'Disabled') off.push('MFA delete');
  return off;
}

export const s3SecurityControlDisabled = defineDetector({
  meta: {
    id: 's3-security-control-disabled',
    title: 'S3 access logging, versioning or MFA delete turned off',
    description:
      'Detects PutBucketLogging that switches server access logging off, and PutBucketVersioning that ' +
      'suspends versioning or disables MFA delete. Without access logs the reads of a bucket leave no ' +
      'trace; without versioning an intruder can overwrite or delete objects for good (ransom). ' +
      'trailwatch files it under defense-evasion rather than data-exfiltration, and reports each call ' +
      'alone at medium where Panther waits for two. Failed attempts are reported one step lower.',
    category: 'defense-evasion',
    severity: 'medium',
    attack: ['T1562.008', 'T1490'],
    falsePositives: [
      'Cost clean-up that suspends versioning on scratch or build-artefact buckets.',
      'Moving server access logging to a new target bucket (a PutBucketLogging with LoggingEnabled follows ' +
        'within minutes).',
    ],
    runbook: [
      'Turn the control back on for requestParameters.bucketName (PutBucketLogging with LoggingEnabled, ' +
        'PutBucketVersioning Status=Enabled) unless the change was planned.',
      'In the 24 hours after eventTime, look for DeleteObject, PutObject or PutBucketLifecycle on the same ' +
        'bucket by the same userIdentity.accessKeyId: disabling versioning often precedes destruction.',
      'If the caller is not a known automation role, contain the key: deactivate it and revoke its sessions.',
    ],
    references: [
      'https://docs.aws.amazon.com/AmazonS3/latest/userguide/ServerLogs.html',
      'https://docs.aws.amazon.com/AmazonS3/latest/userguide/MultiFactorAuthenticationDelete.html',
      'https://github.com/panther-labs/panther-analysis/blob/main/rules/aws_cloudtrail_rules/aws_s3_security_control_disabling.yml',
      'https://attack.mitre.org/techniques/T1490/',
    ],
    events: S3_CONTROL_EVENTS,
  },
  match(event) {
    if (event.service !== 's3') return undefined;
    const off = controlsTurnedOff(event);
    if (off.length === 0) return undefined;
    const verb = event.failed ? 'tried to turn off' : 'turned off';
    const bucket = paramString(event, 'bucketName') ?? '?';
    return { summary: `${event.identity.arn} ${verb} ${off.join(' and ')} on S3 bucket ${bucket}.` };
  },
});
