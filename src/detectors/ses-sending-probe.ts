/** SES sending quota, sending status and identities probed, or sending switched on (spam from a stolen key). */
import type { TrailEvent } from '../cloudtrail/event.js';
import { param, paramString } from '../cloudtrail/fields.js';
import type { Severity } from '../findings/severity.js';
import { defineDetector } from './detector.js';

/** SES v1 and v2 reads an intruder makes to learn whether, and as whom, the account can send mail. */
const SENDING_PROBES = [
  'GetSendQuota',
  'GetSendStatistics',
  'GetAccountSendingEnabled',
  'ListIdentities',
  'ListVerifiedEmailAddresses',
  'GetIdentityVerificationAttributes',
  'ListEmailIdentities',
  'GetAccount',
];
/** Adding a sender address or domain of the intruder's own. */
const IDENTITY_SETUP = [
  'VerifyEmailIdentity',
  'VerifyEmailAddress',
  'VerifyDomainIdentity',
  'CreateEmailIdentity',
];
/** Turning sending on, or asking AWS to leave the sandbox. */
const SENDING_ENABLEMENT = [
  'UpdateAccountSendingEnabled',
  'PutAccountSendingAttributes',
  'PutAccountDetails',
];
/** AWS's own roles (Trusted Advisor checks the SES quota daily) live under this path. */
const SERVICE_LINKED_ROLE = ':role/aws-service-role/';

/**
 * Leaked long-term keys are what intruders probe SES with; people opening the SES console and scheduled
 * jobs use role sessions, so a probe with temporary credentials ranks low.
 */
function severityOf(event: TrailEvent): Severity | undefined {
  if (SENDING_PROBES.includes(event.eventName))
    return event.identity.keyKind === 'temporary' ? 'low' : 'medium';
  if (IDENTITY_SETUP.includes(event.eventName)) return 'medium';
  // UpdateAccountSendingEnabled and PutAccountSendingAttributes can also turn sending off.
  const enabled = param(event, 'enabled') ?? param(event, 'sendingEnabled');
  if (enabled === false || enabled === 'false') return undefined;
  return 'high';
}

function isAwsOwnCheck(event: TrailEvent): boolean {
  return event.sourceIsService || (event.identity.sessionIssuer?.arn ?? '').includes(SERVICE_LINKED_ROLE);
}

export const sesSendingProbe = defineDetector({
  meta: {
    id: 'ses-sending-probe',
    title: 'SES sending capacity probed or sending enabled',
    description:
      'Detects the SES calls a stolen key makes before sending spam or phishing: sending quota and status ' +
      '(GetSendQuota, GetAccountSendingEnabled, sesv2 GetAccount), identity listing and verification checks ' +
      '(ListIdentities, GetIdentityVerificationAttributes, ListEmailIdentities), medium with a long-term key ' +
      'and low with temporary (role) credentials; new sender identities (medium); and sending switched ' +
      'on or production access requested (UpdateAccountSendingEnabled, ' +
      'PutAccountSendingAttributes, PutAccountDetails: high). Calls from AWS service-linked roles and AWS ' +
      'service addresses (Trusted Advisor checks the quota daily) are left out. Panther files the probes ' +
      'at Info without alerting; trailwatch reports them because SES is often the first service a leaked ' +
      'key is tried on.',
    category: 'resource-abuse',
    severity: 'medium',
    attack: ['T1496.004', 'T1526'],
    falsePositives: [
      'Someone opening the SES console, which reads the quota, account and identities.',
      'Monitoring that tracks the SES quota (a scheduled job from the same role every time).',
    ],
    runbook: [
      'Ask the owner of userIdentity.arn whether they work with SES; most keys never touch it, so a quota ' +
        'check from an IAM user key is a strong sign of a leaked key.',
      'In the 24 hours after eventTime, look for SendEmail, SendRawEmail (SES data events or the SES ' +
        'sending statistics), CreateEmailIdentity and PutAccountDetails by the same userIdentity.accessKeyId.',
      'If unexplained, contain the key (deactivate it, revoke its sessions) and pause sending ' +
        '(UpdateAccountSendingEnabled enabled=false) in the affected region.',
    ],
    references: [
      'https://permiso.io/blog/s/aws-ses-pionage-detecting-ses-abuse/',
      'https://stratus-red-team.cloud/attack-techniques/AWS/aws.discovery.ses-enumerate/',
      'https://docs.aws.amazon.com/ses/latest/dg/logging-using-cloudtrail.html',
      'https://attack.mitre.org/techniques/T1496/004/',
    ],
    events: [...SENDING_PROBES, ...IDENTITY_SETUP, ...SENDING_ENABLEMENT],
  },
  match(event) {
    if (event.service !== 'ses' || isAwsOwnCheck(event)) return undefined;
    const severity = severityOf(event);
    if (!severity) return undefined;
    const identity =
      paramString(event, 'emailIdentity') ??
      paramString(event, 'emailAddress') ??
      paramString(event, 'domain');
    const target = identity ? ` for ${identity}` : '';
    const verb = event.failed ? 'tried SES' : 'called SES';
    return {
      severity,
      summary: `${event.identity.arn} ${verb} ${event.eventName}${target} in ${event.awsRegion}.`,
    };
  },
});
