/** Security Hub disabled, its standards turned off, or its findings suppressed. */
import type { TrailEvent } from '../cloudtrail/event.js';
import { items, param, paramString } from '../cloudtrail/fields.js';
import type { Severity } from '../findings/severity.js';
import { defineDetector } from './detector.js';

const SECURITY_HUB = 'securityhub.amazonaws.com';

/** How bad a call is, its verb (past, base) and its object, for the summary. */
type Effect = [severity: Severity, past: string, base: string, object: string];

const SECURITY_HUB_EVASION: Record<string, Effect> = {
  DisableSecurityHub: ['critical', 'disabled', 'disable', 'Security Hub'],
  BatchDisableStandards: ['high', 'disabled', 'disable', 'Security Hub standards'],
  DisassociateFromMasterAccount: [
    'high',
    'disassociated',
    'disassociate',
    'Security Hub from its administrator',
  ],
  DisassociateFromAdministratorAccount: [
    'high',
    'disassociated',
    'disassociate',
    'Security Hub from its administrator',
  ],
  DisassociateMembers: ['high', 'disassociated', 'disassociate', 'Security Hub member accounts'],
  DeleteMembers: ['high', 'deleted', 'delete', 'Security Hub member accounts'],
  DisableImportFindingsForProduct: [
    'medium',
    'stopped',
    'stop',
    'a product sending findings to Security Hub',
  ],
  UpdateStandardsControl: ['medium', 'disabled', 'disable', 'a Security Hub control'],
  UpdateFindings: ['medium', 'updated', 'update', 'Security Hub findings'],
  BatchUpdateFindings: ['medium', 'suppressed', 'suppress', 'Security Hub findings'],
  CreateAutomationRule: ['medium', 'created', 'create', 'a Security Hub rule that suppresses findings'],
  BatchUpdateAutomationRules: ['medium', 'changed', 'change', 'Security Hub rules to suppress findings'],
  DeleteInsight: ['low', 'deleted', 'delete', 'a Security Hub insight'],
  UpdateInsight: ['low', 'changed', 'change', 'a Security Hub insight'],
};

const EVENTS = Object.keys(SECURITY_HUB_EVASION);

/** Workflow states that take a finding off every open-findings view. */
const CLOSING_STATUS = new Set(['SUPPRESSED', 'RESOLVED']);

function batchUpdateCloses(event: TrailEvent): boolean {
  const status = paramString(event, 'Workflow.Status')?.toUpperCase();
  const label = paramString(event, 'Severity.Label')?.toUpperCase();
  return (status !== undefined && CLOSING_STATUS.has(status)) || label === 'INFORMATIONAL';
}

function judge(event: TrailEvent): Effect | undefined {
  const effect = SECURITY_HUB_EVASION[event.eventName];
  if (!effect) return undefined;
  switch (event.eventName) {
    case 'BatchUpdateFindings': {
      if (!batchUpdateCloses(event)) return undefined;
      const count = items(param(event, 'FindingIdentifiers')).length;
      return count > 0 ? [effect[0], effect[1], effect[2], `${count} Security Hub finding(s)`] : effect;
    }
    case 'UpdateStandardsControl':
      return paramString(event, 'ControlStatus')?.toUpperCase() === 'DISABLED' ? effect : undefined;
    case 'CreateAutomationRule':
    case 'BatchUpdateAutomationRules':
      // Automation rules nest the workflow status deep in Actions; any SUPPRESSED in the request counts.
      return JSON.stringify(event.requestParameters ?? {}).includes('SUPPRESSED') ? effect : undefined;
    default:
      return effect;
  }
}

export const securityhubDisabled = defineDetector({
  meta: {
    id: 'securityhub-disabled',
    title: 'Security Hub disabled or findings suppressed',
    description:
      'Detects Security Hub disabled (critical), its standards disabled or the account cut off from its ' +
      'administrator (high), findings suppressed or resolved by hand or by automation rule, controls ' +
      'disabled and product integrations stopped (medium), and insights deleted or changed (low). Like ' +
      'Panther AWS.SecurityHub.Finding.Evasion, but BatchUpdateFindings counts only when it suppresses, ' +
      'resolves or downgrades findings to INFORMATIONAL, since triage notes are routine.',
    category: 'defense-evasion',
    severity: 'high',
    attack: ['T1562.001'],
    falsePositives: [
      'Analysts resolving or suppressing findings during normal triage (BatchUpdateFindings from the console).',
      'Security engineering disabling controls that do not apply to the account.',
    ],
    runbook: [
      'Undo the change: re-enable Security Hub or the standard, or set the findings named in requestParameters back to NEW.',
      'Read the suppressed findings: they describe what the caller may be hiding; review CloudTrail for the resources they name in the 24 hours before eventTime.',
      'Unless userIdentity.accessKeyId belongs to the security team, deactivate it and revoke its sessions.',
    ],
    references: [
      'https://docs.aws.amazon.com/securityhub/1.0/APIReference/API_BatchUpdateFindings.html',
      'https://docs.aws.amazon.com/securityhub/1.0/APIReference/API_DisableSecurityHub.html',
      'https://attack.mitre.org/techniques/T1562/001/',
    ],
    events: EVENTS,
  },
  match(event) {
    if (event.eventSource !== SECURITY_HUB) return undefined;
    const judged = judge(event);
    if (!judged) return undefined;
    const [severity, past, base, object] = judged;
    const verb = event.failed ? `tried to ${base}` : past;
    return { severity, summary: `${event.identity.arn} ${verb} ${object} in ${event.awsRegion}.` };
  },
});
