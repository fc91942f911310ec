/** One long-term access key used from two networks within minutes: two hands on one key. */
import type { RecentSource } from '../behaviour/profiles.js';
import type { Severity } from '../findings/severity.js';
import { callerWords } from './actor-words.js';
import { defineDetector } from './detector.js';
import { isAwsNetworkLabel, isJudgedPlace } from './source-history.js';

function placeWords(network: string, ip: string, country?: string): string {
  return `${network}${country ? ` (${country})` : ''} at ${ip}`;
}

/** The latest recent source on another network within the window, newest first. */
function otherSource(
  recent: readonly RecentSource[],
  network: string,
  since: number,
): RecentSource | undefined {
  for (let index = recent.length - 1; index >= 0; index -= 1) {
    const each = recent[index] as RecentSource;
    if (each.at < since) return undefined;
    if (each.network !== network && !isAwsNetworkLabel(each.network)) return each;
  }
  return undefined;
}

export const concurrentKeyUse = defineDetector({
  meta: {
    id: 'concurrent-key-use',
    title: 'One access key used from two networks at once',
    description:
      'Detects a long-term access key (AKIA…) used from two different networks (ASN, else /24 or /48) within ' +
      'tuning.concurrentUseMinutes: the owner and someone holding a copy of the key, both at work. High when ' +
      'the two countries differ and this network is new to the key; medium when the network is new to the ' +
      'key in the same country (or countries are unknown). When the key has used both networks before, the ' +
      'switch is a laptop moving between two familiar places (office and VPN): low when the countries ' +
      "differ, nothing otherwise. Reads the key's last few distinct sources, so it needs no learning period " +
      "(findings are info while the key is new). AWS's own addresses, allowlisted and non-place sources " +
      'are left out.',
    category: 'unusual-source',
    severity: 'medium',
    attack: ['T1078.004'],
    falsePositives: [
      'A laptop switching from the office network to a VPN or a phone hotspot minutes apart; once both are ' +
        'known to the key this ranks low or stays quiet, and tuning.allow.cidrs silences it for good.',
      'One key shared by a developer laptop and a build server or cron host (a practice to fix: give each its ' +
        'own key or role).',
      'A VPN whose exit alternates between providers or countries (split tunnelling, failover).',
    ],
    runbook: [
      'Compare the two sourceIPAddress values in the summary with the owner: which one is theirs? The other ' +
        'holds a copy of userIdentity.accessKeyId.',
      'List every call by that accessKeyId from the unfamiliar sourceIPAddress over the 24 hours around ' +
        'eventTime, and every IAM write it made.',
      'Contain the key at once: deactivate it (UpdateAccessKey Inactive), give the owner a new one, and revoke ' +
        'sessions minted from it (GetSessionToken, GetFederationToken).',
    ],
    references: [
      'https://docs.aws.amazon.com/IAM/latest/UserGuide/id_credentials_access-keys.html',
      'https://docs.aws.amazon.com/guardduty/latest/ug/guardduty_finding-types-iam.html',
      'https://attack.mitre.org/techniques/T1078/004/',
    ],
    // Any call can be the one from the second network.
    events: '*',
    behavioural: true,
  },
  match(event, context) {
    const key = context.key;
    if (!key || key.recent.length === 0 || !isJudgedPlace(context)) return undefined;
    const { source, tuning } = context;
    const since = event.time - tuning.concurrentUseMinutes * 60_000;
    const other = otherSource(key.recent, source.network, since);
    if (!other) return undefined;
    const countriesDiffer =
      source.country !== undefined && other.country !== undefined && source.country !== other.country;
    const familiar = key.networks[source.network] !== undefined;
    if (familiar && !countriesDiffer) return undefined;
    let severity: Severity = countriesDiffer ? 'high' : 'medium';
    if (familiar) severity = 'low';
    const minutes = Math.max(0, Math.round((event.time - other.at) / 60_000));
    return {
      severity,
      summary:
        `${callerWords(event)} called ${event.eventName} from ${placeWords(source.network, event.sourceIp, source.country)}, ` +
        `${minutes} min after using ${placeWords(other.network, other.ip, other.country)}` +
        `${familiar ? '; the key has used both networks before' : '; the key had never used this network'}.`,
    };
  },
});
