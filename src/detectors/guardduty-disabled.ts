/** GuardDuty turned off, cut off from its administrator, or told to trust or archive what it would report. */
import type { TrailEvent } from '../cloudtrail/event.js';
import { items, param, paramString } from '../cloudtrail/fields.js';
import type { Severity } from '../findings/severity.js';
import { defineDetector } from './detector.js';

const GUARDDUTY = 'guardduty.amazonaws.com';

/** How bad a call is, its verb (past, base) and its object, for the summary. */
type Effect = [severity: Severity, past: string, base: string, object: string];

/** Calls that blind GuardDuty. */
const GUARDDUTY_EVASION: Record<string, Effect> = {
  DeleteDetector: ['critical', 'deleted', 'delete', 'GuardDuty detector'],
  DisassociateFromMasterAccount: [
    'high',
    'disassociated',
    'disassociate',
    'GuardDuty from its administrator',
  ],
  DisassociateFromAdministratorAccount: [
    'high',
    'disassociated',
    'disassociate',
    'GuardDuty from its administrator',
  ],
  DisassociateMembers: ['high', 'disassociated', 'disassociate', 'GuardDuty member accounts'],
  DeleteMembers: ['high', 'deleted', 'delete', 'GuardDuty member accounts'],
  StopMonitoringMembers: ['high', 'stopped', 'stop', 'GuardDuty monitoring of member accounts'],
  DeletePublishingDestination: ['high', 'deleted', 'delete', 'a GuardDuty findings export destination'],
  CreateIPSet: ['high', 'created', 'create', 'GuardDuty trusted IP list'],
  UpdateIPSet: ['high', 'changed', 'change', 'GuardDuty trusted IP list'],
  // Without the threat list GuardDuty stops flagging the intruder's known-bad addresses.
  DeleteThreatIntelSet: ['medium', 'deleted', 'delete', 'a GuardDuty threat list'],
  ArchiveFindings: ['medium', 'archived', 'archive', 'GuardDuty findings'],
  CreateFilter: ['medium', 'created', 'create', 'GuardDuty auto-archive filter'],
  UpdateFilter: ['medium', 'changed', 'change', 'GuardDuty auto-archive filter'],
  UpdateDetector: ['high', 'disabled', 'disable', 'GuardDuty detector'],
};

const EVENTS = Object.keys(GUARDDUTY_EVASION);

function isFalse(value: unknown): boolean {
  return value === false || value === 'false';
}

/** UpdateDetector matters only when it disables the detector or some of its protection features. */
function updateDetector(event: TrailEvent): Effect | undefined {
  if (isFalse(param(event, 'enable'))) return GUARDDUTY_EVASION.UpdateDetector;
  const disabled = [...items(param(event, 'features')), ...items(param(event, 'dataSources'))]
    .filter(
      (feature) => String((feature as Record<string, unknown>)?.status ?? '').toUpperCase() === 'DISABLED',
    )
    .map((feature) => String((feature as Record<string, unknown>).name ?? 'a protection plan'));
  return disabled.length > 0
    ? ['medium', 'disabled', 'disable', `GuardDuty ${disabled.join(', ')} on detector`]
    : undefined;
}

function judge(event: TrailEvent): Effect | undefined {
  if (event.eventName === 'UpdateDetector') return updateDetector(event);
  if (event.eventName === 'CreateFilter' || event.eventName === 'UpdateFilter') {
    // Filters with action NOOP only save a search; ARCHIVE hides matching findings from now on.
    return paramString(event, 'action')?.toUpperCase() === 'ARCHIVE'
      ? GUARDDUTY_EVASION[event.eventName]
      : undefined;
  }
  return GUARDDUTY_EVASION[event.eventName];
}

export const guarddutyDisabled = defineDetector({
  meta: {
    id: 'guardduty-disabled',
    title: 'GuardDuty disabled or blinded',
    description:
      'Detects GuardDuty detectors deleted (critical) or disabled, cut off from their administrator or ' +
      'members, export destinations deleted, and trusted IP lists created or changed (high; Panther ' +
      'AWS.IPSet.Modified): GuardDuty raises no findings for traffic from a trusted IP. Findings archived or ' +
      'auto-archive filters created, threat lists deleted, and single protection plans disabled, rank medium.',
    category: 'defense-evasion',
    severity: 'high',
    attack: ['T1562.001'],
    falsePositives: [
      'Security teams adding their scanners or office ranges to a trusted IP list.',
      'Suppression rules (ARCHIVE filters) written to silence known-benign findings.',
      'Decommissioning a region or account, which deletes its detector.',
    ],
    runbook: [
      'Undo the change: re-create or re-enable the detector, re-associate it, or remove the new trusted IP list (requestParameters.location) or filter.',
      'Review GuardDuty findings and CloudTrail for the 2 hours around eventTime, paying attention to traffic from the IPs in any new trusted list.',
      'Unless userIdentity.accessKeyId belongs to the security team, deactivate it and revoke its sessions.',
    ],
    references: [
      'https://docs.aws.amazon.com/guardduty/latest/ug/guardduty_upload-lists.html',
      'https://docs.aws.amazon.com/guardduty/latest/APIReference/API_DeleteDetector.html',
      'https://attack.mitre.org/techniques/T1562/001/',
    ],
    events: EVENTS,
  },
  match(event) {
    if (event.eventSource !== GUARDDUTY) return undefined;
    const judged = judge(event);
    if (!judged) return undefined;
    const [severity, past, base, object] = judged;
    const verb = event.failed ? `tried to ${base}` : past;
    const name = paramString(event, 'name') ?? paramString(event, 'detectorId');
    return {
      severity,
      summary: `${event.identity.arn} ${verb} ${object}${name ? ` (${name})` : ''} in ${event.awsRegion}.`,
    };
  },
});
