/** A role assumed from a network it has never been assumed from. */

import { listWords } from './actor-words.js';
import {
  ASSUME_ROLE_EVENTS,
  callerName,
  hasRoleHistory,
  isServiceAssumption,
  targetRole,
} from './assume-role-call.js';
import { plural, sourceWords } from './baseline.js';
import { defineDetector } from './detector.js';
import { isJudgedPlace } from './source-history.js';

export const roleAssumedFromNewSource = defineDetector({
  meta: {
    id: 'role-assumed-from-new-source',
    title: 'Role assumed from a network never seen for it',
    description:
      'Detects AssumeRole, AssumeRoleWithWebIdentity and AssumeRoleWithSAML from a network (ASN, or the /24 ' +
      'when the ASN is unknown) that the role was never assumed from, once it has been assumed on ' +
      'tuning.learning.days distinct days: role credentials, a CI token or a SAML assertion replayed from the ' +
      'intruder’s host. A new address inside a known network is not reported. AWS services assuming roles ' +
      '(sourceIPAddress a service name such as ec2.amazonaws.com, or "AWS Internal"), private and AWS ' +
      'addresses and tuning.allow sources are never new. The history read is the role’s, so a caller that is ' +
      'new itself is still judged.',
    category: 'role-assumption',
    severity: 'medium',
    attack: ['T1078.004', 'T1548.005'],
    falsePositives: [
      'Self-hosted CI runners or workloads moved to a new provider or region (a new ASN).',
      'People assuming a role from home, a hotel or a mobile network for the first time; list office and VPN ' +
        'egress in tuning.allow.cidrs or tuning.allow.networks.',
    ],
    runbook: [
      'Check who owns sourceIPAddress (whois, the caller’s usual networks) and whether the caller in ' +
        'userIdentity was expected to run from there at eventTime.',
      'List what the issued session (responseElements.credentials.accessKeyId) did in the 12 hours after ' +
        'eventTime, and every other AssumeRole* from the same sourceIPAddress that day.',
      'If the source is not explained, revoke the role’s sessions (an aws:TokenIssueTime deny) and add an ' +
        'aws:SourceIp or aws:SourceVpc condition to its trust or permissions policy.',
    ],
    references: [
      'https://docs.aws.amazon.com/STS/latest/APIReference/API_AssumeRole.html',
      'https://docs.aws.amazon.com/IAM/latest/UserGuide/id_credentials_temp_control-access_disable-perms.html',
      'https://attack.mitre.org/techniques/T1078/004/',
    ],
    events: ASSUME_ROLE_EVENTS,
  },
  match(event, context) {
    if (event.failed || isServiceAssumption(event) || !hasRoleHistory(context)) return undefined;
    const networks = context.role.networks;
    if (!isJudgedPlace(context) || networks[context.source.network] !== undefined) return undefined;
    const role = targetRole(event);
    if (!role) return undefined;
    return {
      summary:
        `${callerName(event, role)} assumed role ${role.name} from ${sourceWords(context, event.sourceIp)}, ` +
        `a network never seen for it; the role was assumed before from ${listWords(networks)} ` +
        `(${plural(Object.keys(networks).length, 'network')} on ${plural(context.role.days, 'day')}).`,
    };
  },
});
