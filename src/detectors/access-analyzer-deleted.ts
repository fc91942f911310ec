/** IAM Access Analyzer deleted, or told to archive findings automatically. */
import { paramString } from '../cloudtrail/fields.js';
import { defineDetector } from './detector.js';

const ANALYZER_EVASION = ['DeleteAnalyzer', 'CreateArchiveRule', 'UpdateArchiveRule'];

export const accessAnalyzerDeleted = defineDetector({
  meta: {
    id: 'access-analyzer-deleted',
    title: 'IAM Access Analyzer deleted',
    description:
      'Detects DeleteAnalyzer (medium): Access Analyzer reports buckets, roles, keys and snapshots shared ' +
      'outside the account, exactly what an intruder sets up to keep access or take data. Archive rules ' +
      'created or changed (low) auto-archive matching findings.',
    category: 'defense-evasion',
    severity: 'medium',
    attack: ['T1562.001'],
    falsePositives: [
      'Replacing an account analyzer with an organization analyzer.',
      'Security teams writing archive rules for known, intended external access.',
    ],
    runbook: [
      'Re-create the analyzer (requestParameters.analyzerName) or remove the new archive rule (requestParameters.ruleName).',
      'Check for resource policies shared outside the account (S3, KMS, IAM role trust, snapshots) changed in the 24 hours around eventTime.',
      'Unless userIdentity.accessKeyId belongs to the security team, deactivate it and revoke its sessions.',
    ],
    references: [
      'https://docs.aws.amazon.com/access-analyzer/latest/APIReference/API_DeleteAnalyzer.html',
      'https://docs.aws.amazon.com/IAM/latest/UserGuide/access-analyzer-archive-rules.html',
      'https://attack.mitre.org/techniques/T1562/001/',
    ],
    events: ANALYZER_EVASION,
  },
  match(event) {
    if (event.eventSource !== 'access-analyzer.amazonaws.com') return undefined;
    const analyzer = paramString(event, 'analyzerName') ?? 'an analyzer';
    if (event.eventName === 'DeleteAnalyzer') {
      const verb = event.failed ? 'tried to delete' : 'deleted';
      return {
        summary: `${event.identity.arn} ${verb} IAM Access Analyzer ${analyzer} in ${event.awsRegion}.`,
      };
    }
    const rule = paramString(event, 'ruleName') ?? 'an archive rule';
    const verb = event.failed ? 'tried to set' : 'set';
    return {
      severity: 'low',
      summary: `${event.identity.arn} ${verb} archive rule ${rule} on IAM Access Analyzer ${analyzer} in ${event.awsRegion}.`,
    };
  },
});
