/** Calls from penetration-testing distributions, offensive AWS tools and leaked-key scanners. */
import { boundedMemo } from '../bounded-memo.js';
import type { Severity } from '../findings/severity.js';
import { defineDetector } from './detector.js';

interface UserAgentPattern {
  name: string;
  pattern: RegExp;
  severity: Severity;
  /** Severity when the call is the key check the tool makes first (GetCallerIdentity). */
  keyCheckSeverity?: Severity;
}

/** A name standing alone in a user agent: "Linux/6.6.9-kali1-amd64", "distrib#kali.2024", "x86_64.parrot.6". */
const word = (name: string) => new RegExp(`(?:^|[^a-z])${name}(?:[^a-z]|$)`, 'i');

/**
 * The AWS CLI and botocore write the OS distribution and kernel into the user agent, so keys used from
 * these distributions show it (GuardDuty's PenTest:IAMUser findings look for the same). Tools used by the
 * account's own security team (ScoutSuite, Prowler, PMapper, Stratus Red Team) rank lower.
 */
const KNOWN_BAD_USER_AGENTS: readonly UserAgentPattern[] = [
  { name: 'Kali Linux', pattern: word('kali'), severity: 'high' },
  { name: 'Parrot Security OS', pattern: word('parrot'), severity: 'high' },
  { name: 'Pentoo Linux', pattern: word('pentoo'), severity: 'high' },
  { name: 'BlackArch Linux', pattern: word('blackarch'), severity: 'high' },
  { name: 'Pacu', pattern: word('pacu'), severity: 'high' },
  { name: 'WeirdAAL', pattern: /weirdaal/i, severity: 'high' },
  { name: 'aws_consoler', pattern: /aws[_-]consoler/i, severity: 'high' },
  // TruffleHog verifies a found key with GetCallerIdentity: the key is in a leak somewhere.
  { name: 'TruffleHog', pattern: /trufflehog/i, severity: 'medium', keyCheckSeverity: 'high' },
  { name: 'CloudFox', pattern: /cloudfox/i, severity: 'medium' },
  { name: 'Stratus Red Team', pattern: /stratus-red-team/i, severity: 'medium' },
  // A Windows S3 client seen creating users, keys and bucket policies with stolen keys (Sigma's s3browser
  // rules); people use it for ordinary uploads too, so it ranks medium.
  { name: 'S3 Browser', pattern: /s3 ?browser/i, severity: 'medium' },
  { name: 'ScoutSuite', pattern: /scout ?suite/i, severity: 'low' },
  { name: 'Prowler', pattern: word('prowler'), severity: 'low' },
  { name: 'PMapper', pattern: /principalmapper|pmapper/i, severity: 'low' },
];
const ANY_KNOWN_BAD = new RegExp(KNOWN_BAD_USER_AGENTS.map((each) => each.pattern.source).join('|'), 'i');

// Every event passes through here, but a trail has few distinct user agents: answer each once.
const mayBeKnownBad = boundedMemo((userAgent) => ANY_KNOWN_BAD.test(userAgent), 5_000);
const KEY_CHECK_CALLS = new Set(['GetCallerIdentity']);

export const knownBadUserAgent = defineDetector({
  meta: {
    id: 'known-bad-user-agent',
    title: 'Call from a penetration-testing OS or offensive AWS tool',
    description:
      'Detects any call whose user agent names a penetration-testing distribution (Kali, Parrot, Pentoo, ' +
      'BlackArch) or an offensive or key-scanning tool (Pacu, WeirdAAL, aws_consoler, TruffleHog, CloudFox, ' +
      'Stratus Red Team, S3 Browser), and, lower, audit tools a security team often runs itself (ScoutSuite, Prowler, ' +
      'PMapper). Each pattern has its own severity in KNOWN_BAD_USER_AGENTS. TruffleHog is high on ' +
      'GetCallerIdentity (its key check, as in Panther) and medium on anything else. User agents are easy to ' +
      'forge, so a miss here proves nothing.',
    category: 'unusual-source',
    severity: 'high',
    attack: ['T1078.004', 'T1526'],
    falsePositives: [
      'A commissioned penetration test or red-team exercise working from Kali or Parrot.',
      'The security team running ScoutSuite, Prowler, PMapper or Stratus Red Team against its own accounts.',
      'Secret-scanning in CI (TruffleHog with --verify) checking a key that was in fact already revoked.',
    ],
    runbook: [
      'Ask the owner of userIdentity.arn and the security team whether a test was scheduled; if not, treat ' +
        'the key as stolen.',
      'List every call by the same userIdentity.accessKeyId and sourceIPAddress in the 24 hours around ' +
        'eventTime, whatever the user agent: tools often switch user agents between modules.',
      'Contain the key: deactivate it, revoke its sessions, and look for new keys, users and roles created ' +
        'in that window.',
    ],
    references: [
      'https://docs.aws.amazon.com/guardduty/latest/ug/guardduty_finding-types-iam.html',
      'https://trufflesecurity.com/blog/trufflehog-in-your-logs',
      'https://github.com/RhinoSecurityLabs/pacu',
      'https://attack.mitre.org/techniques/T1078/004/',
    ],
    events: '*',
  },
  match(event) {
    // One combined test first: this detector sees every event.
    if (!event.userAgent || !mayBeKnownBad(event.userAgent)) return undefined;
    const found = KNOWN_BAD_USER_AGENTS.find((each) => each.pattern.test(event.userAgent));
    if (!found) return undefined;
    const keyCheck = KEY_CHECK_CALLS.has(event.eventName) && found.keyCheckSeverity;
    return {
      severity: keyCheck || found.severity,
      summary:
        `${event.identity.arn} called ${event.eventName} from a ${found.name} user agent ` +
        `(${event.userAgent.slice(0, 120)}) at ${event.sourceIp || 'an unknown address'}.`,
    };
  },
});
