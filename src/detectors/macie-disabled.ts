/** Macie disabled, paused, or told to overlook sensitive data. */
import type { TrailEvent } from '../cloudtrail/event.js';
import { paramString } from '../cloudtrail/fields.js';
import type { Severity } from '../findings/severity.js';
import { defineDetector } from './detector.js';

const MACIE_SOURCES = new Set(['macie2.amazonaws.com', 'macie.amazonaws.com']);

/** How bad a call is, its verb (past, base) and its object, for the summary. */
type Effect = [severity: Severity, past: string, base: string, object: string];

const MACIE_EVASION: Record<string, Effect> = {
  DisableMacie: ['high', 'disabled', 'disable', 'Macie'],
  DisableOrganizationAdminAccount: ['high', 'removed', 'remove', 'the Macie administrator account'],
  DisassociateFromAdministratorAccount: [
    'high',
    'disassociated',
    'disassociate',
    'Macie from its administrator',
  ],
  DisassociateFromMasterAccount: ['high', 'disassociated', 'disassociate', 'Macie from its administrator'],
  DisassociateMember: ['high', 'disassociated', 'disassociate', 'a Macie member account'],
  DeleteMember: ['high', 'deleted', 'delete', 'a Macie member account'],
  UpdateMacieSession: ['low', 'changed', 'change', 'the Macie session settings'],
  UpdateMemberSession: ['low', 'changed', 'change', 'a Macie member session'],
  ArchiveFindings: ['medium', 'archived', 'archive', 'Macie findings'],
  CreateFindingsFilter: ['medium', 'created', 'create', 'a Macie auto-archive filter'],
  UpdateFindingsFilter: ['medium', 'changed', 'change', 'a Macie auto-archive filter'],
  CreateAllowList: ['medium', 'created', 'create', 'a Macie allow list'],
  UpdateAllowList: ['medium', 'changed', 'change', 'a Macie allow list'],
  UpdateClassificationJob: ['medium', 'stopped', 'stop', 'a Macie classification job'],
  DeleteAllowList: ['low', 'deleted', 'delete', 'a Macie allow list'],
  DeleteCustomDataIdentifier: ['low', 'deleted', 'delete', 'a Macie custom data identifier'],
};

const EVENTS = Object.keys(MACIE_EVASION);

const STOPPED_JOB = new Set(['CANCELLED', 'USER_PAUSED']);

function judge(event: TrailEvent): Effect | undefined {
  const effect = MACIE_EVASION[event.eventName];
  if (!effect) return undefined;
  switch (event.eventName) {
    case 'UpdateMacieSession':
    case 'UpdateMemberSession':
      return paramString(event, 'status')?.toUpperCase() === 'PAUSED'
        ? [
            'high',
            'paused',
            'pause',
            event.eventName === 'UpdateMacieSession' ? 'Macie' : 'Macie for a member account',
          ]
        : effect;
    case 'CreateFindingsFilter':
    case 'UpdateFindingsFilter':
      return paramString(event, 'action')?.toUpperCase() === 'ARCHIVE' ? effect : undefined;
    case 'UpdateClassificationJob':
      return STOPPED_JOB.has(paramString(event, 'jobStatus')?.toUpperCase() ?? '') ? effect : undefined;
    default:
      return effect;
  }
}

export const macieDisabled = defineDetector({
  meta: {
    id: 'macie-disabled',
    title: 'Macie disabled or findings suppressed',
    description:
      'Detects Macie disabled or paused, or cut off from its administrator or members (high), findings ' +
      'archived, auto-archive filters and allow lists written, classification jobs cancelled (medium), and ' +
      'other session settings changed or allow lists deleted (low). Panther AWS.Macie.Evasion alerts only ' +
      'after 5 such calls; trailwatch instead ranks each call on its own, so a lone DisableMacie pages while ' +
      'a lone publishing-frequency change stays low.',
    category: 'defense-evasion',
    severity: 'high',
    attack: ['T1562.001'],
    falsePositives: [
      'Pausing Macie to control cost between scheduled discovery runs.',
      'Data teams adding allow lists for known test data that Macie keeps flagging.',
    ],
    runbook: [
      'Undo the change: re-enable or unpause Macie, restore the member, or delete the new filter or allow list named in requestParameters.',
      'Check S3 data events (GetObject) and bucket policy changes on sensitive buckets in the 24 hours around eventTime.',
      'Unless userIdentity.accessKeyId belongs to the security or data team, deactivate it and revoke its sessions.',
    ],
    references: [
      'https://docs.aws.amazon.com/macie/latest/APIReference/macie-session.html',
      'https://docs.aws.amazon.com/macie/latest/user/findings-suppression.html',
      'https://attack.mitre.org/techniques/T1562/001/',
    ],
    events: EVENTS,
  },
  match(event) {
    if (!MACIE_SOURCES.has(event.eventSource)) return undefined;
    const judged = judge(event);
    if (!judged) return undefined;
    const [severity, past, base, object] = judged;
    const verb = event.failed ? `tried to ${base}` : past;
    return { severity, summary: `${event.identity.arn} ${verb} ${object} in ${event.awsRegion}.` };
  },
});
