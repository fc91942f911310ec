/** A principal (or its long-term key) acting from a network or country it has never used. */
import type { Severity } from '../findings/severity.js';
import { callerWords, placeBaselineWords } from './actor-words.js';
import { defineDetector } from './detector.js';
import { callerHistory, hasCountries, isJudgedPlace, knowsCountry, knowsNetwork } from './source-history.js';

const CONSOLE_SIGN_IN = 'ConsoleLogin';

export const newNetworkForPrincipal = defineDetector({
  meta: {
    id: 'new-network-for-principal',
    title: 'Principal acting from a network it has never used',
    description:
      'Detects the first call by a principal (or its long-term access key) from a network it has not used ' +
      'before: the ASN when known, else the /24 (IPv4) or /48 (IPv6). High when the country is new too, ' +
      'medium for a new network in a known country. A console sign-in counts like an API call: a person ' +
      'signing in from a new network matters as much as a key used from one. A new address inside a known ' +
      'network raises nothing: addresses inside one ISP or office range change daily (DHCP, residential ' +
      'rotation, mobile carriers, VPN pools), so a finding per address would be noise, and the address ' +
      'still shows in every other finding. Quiet while the principal is learning, for allowlisted ' +
      "sources (tuning.allow), for AWS's own addresses (EC2, Lambda, service endpoints), and for sources " +
      'that are not places (private ranges, service names, AWS Internal).',
    category: 'unusual-source',
    severity: 'medium',
    attack: ['T1078.004'],
    falsePositives: [
      'A person travelling, working from home on a new ISP, or tethering to a phone for the first time.',
      'A new office, VPN concentrator or NAT egress not yet listed in tuning.allow.cidrs / networks.',
      'A CI provider moving its runners to a new ASN (GitHub-hosted runners, self-hosted runners in a new cloud).',
    ],
    runbook: [
      'Ask the owner of userIdentity.arn whether they worked from sourceIPAddress (its ASN and country are in ' +
        'the summary) at eventTime; add known offices and VPNs to tuning.allow.',
      'List every call by the same userIdentity.accessKeyId from that sourceIPAddress in the 24 hours after ' +
        'eventTime, looking for GetCallerIdentity, List*/Describe* sweeps and IAM changes.',
      'If the owner did not, contain the key: deactivate it (UpdateAccessKey Inactive) and revoke its sessions.',
    ],
    references: [
      'https://docs.aws.amazon.com/guardduty/latest/ug/guardduty_finding-types-iam.html',
      'https://docs.aws.amazon.com/IAM/latest/UserGuide/id_credentials_access-keys.html',
      'https://attack.mitre.org/techniques/T1078/004/',
    ],
    // Any call can be the first from a new network.
    events: '*',
    behavioural: true,
  },
  match(event, context) {
    if (context.learning || !isJudgedPlace(context)) return undefined;
    const { source } = context;
    if (knowsNetwork(context, source.network)) return undefined;
    const newCountry =
      source.country !== undefined && hasCountries(context) && !knowsCountry(context, source.country);
    const severity: Severity = newCountry ? 'high' : 'medium';
    const where = `${source.network}${source.country ? ` (${source.country})` : ''}`;
    const act =
      event.eventName === CONSOLE_SIGN_IN ? 'signed in to the console' : `called ${event.eventName}`;
    const what = newCountry ? 'a new country and network' : 'a new network';
    return {
      severity,
      summary:
        `${callerWords(event)} ${act} from ${what}, ${where} at ${event.sourceIp}; ` +
        `${placeBaselineWords(callerHistory(context))}.`,
    };
  },
});
