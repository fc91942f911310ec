/** GetCallerIdentity as the first call from a new network: the first thing anyone does with a found key. */
import { callerWords, placeBaselineWords } from './actor-words.js';
import { defineDetector } from './detector.js';
import { callerHistory, isJudgedPlace, knowsNetwork } from './source-history.js';

const KEY_CHECK_EVENTS = ['GetCallerIdentity'];

export const callerIdentityFromNewSource = defineDetector({
  meta: {
    id: 'caller-identity-from-new-source',
    title: 'GetCallerIdentity as the first call from a new network',
    description:
      'Detects sts:GetCallerIdentity as the first call a principal with history makes from a network it has ' +
      'never used (ASN, else /24 or /48): "whoami" is the first move with a stolen or leaked key, because it ' +
      'works whatever the key’s policies allow. Quiet while the principal is learning, for allowlisted ' +
      "sources, AWS's own addresses and non-place sources; new-network-for-principal reports the new network " +
      'itself (unusual-source), this the reconnaissance.',
    category: 'service-enumeration',
    severity: 'medium',
    attack: ['T1033', 'T1078.004'],
    falsePositives: [
      'A person checking which profile their CLI uses (aws sts get-caller-identity) from a new home network, ' +
        'hotel or phone hotspot.',
      'A CI job that starts with GetCallerIdentity after its runners moved to a new network.',
    ],
    runbook: [
      'Ask the owner of userIdentity.arn whether they were at sourceIPAddress at eventTime.',
      'List what the same userIdentity.accessKeyId did from that sourceIPAddress in the 2 hours after: ' +
        'List*/Describe* sweeps, ListAccessKeys, CreateUser or CreateAccessKey mean the key is in use by ' +
        'someone else.',
      'If so, deactivate the key (UpdateAccessKey Inactive) and revoke its sessions.',
    ],
    references: [
      'https://docs.aws.amazon.com/STS/latest/APIReference/API_GetCallerIdentity.html',
      'https://hackingthe.cloud/aws/enumeration/whoami/',
      'https://attack.mitre.org/techniques/T1033/',
    ],
    events: KEY_CHECK_EVENTS,
    behavioural: true,
  },
  match(event, context) {
    if (context.learning || !isJudgedPlace(context)) return undefined;
    const { source } = context;
    if (knowsNetwork(context, source.network)) return undefined;
    const where = `${source.network}${source.country ? ` (${source.country})` : ''}`;
    return {
      summary:
        `${callerWords(event)} called GetCallerIdentity as its first call from ${where} at ${event.sourceIp}; ` +
        `${placeBaselineWords(callerHistory(context))}.`,
    };
  },
});
