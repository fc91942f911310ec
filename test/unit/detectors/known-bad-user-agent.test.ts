import { describe, expect, it } from 'vitest';
import { knownBadUserAgent } from '../../../src/detectors/known-bad-user-agent.js';
import type { Severity } from '../../../src/findings/severity.js';
import {
  judgePanther,
  type PantherCase,
  pantherCases,
  pantherCasesAvailable,
} from '../../helpers/panther-cases.js';
import { detect, minutesAfter, record } from '../../helpers/records.js';

const BASE = '2026-03-02T10:00:00Z';
const call = (userAgent: string, overrides: Record<string, unknown> = {}) =>
  record({ userAgent, sourceIPAddress: '198.51.100.7', ...overrides });

describe('known-bad-user-agent', () => {
  it('when the AWS CLI reports a Kali kernel, raises a high unusual-source finding naming the tool and address', () => {
    const event = call(
      'aws-cli/2.15.30 Python/3.11.8 Linux/6.6.9-amd64 exe/x86_64.kali.2024 prompt/off command/iam.list-users',
      {
        eventName: 'ListUsers',
      },
    );
    const [finding, ...rest] = detect(knownBadUserAgent, [event]);
    expect(rest).toHaveLength(0);
    expect(finding?.severity).toBe('high');
    expect(finding?.category).toBe('unusual-source');
    expect(finding?.eventIds).toEqual([event.eventID]);
    expect(finding?.summary).toContain('called ListUsers from a Kali Linux user agent');
    expect(finding?.summary).toContain('198.51.100.7');
  });

  it.each([
    [
      'Boto3/1.34.0 md/Botocore#1.34.0 ua/2.0 os/linux#6.6.9-kali1-amd64 md/arch#x86_64 lang/python#3.11.8',
      'Kali Linux',
    ],
    ['aws-cli/2.13.0 md/distrib#kali.2023', 'Kali Linux'],
    ['aws-cli/2.9.0 Python/3.9.2 Linux/6.5.0-13parrot1-amd64 exe/x86_64.parrot.5', 'Parrot Security OS'],
    ['aws-cli/1.18.69 Python/3.8.5 Linux/5.15.0-pentoo botocore/1.17.44', 'Pentoo Linux'],
    ['stratus-red-team_8cb1ee36-86c3-4241-a32c-163c78cde7b6', 'Stratus Red Team'],
    ['Scout Suite/5.14.0 Python/3.11', 'ScoutSuite'],
    ['S3 Browser/11.6.7 https://s3browser.com', 'S3 Browser'],
  ])('when the user agent is %s, names %s', (userAgent, name) => {
    const [finding] = detect(knownBadUserAgent, [call(userAgent)]);
    expect(finding?.summary).toContain(`a ${name} user agent`);
  });

  it('when a security team runs Prowler, ranks it low', () => {
    const [finding] = detect(knownBadUserAgent, [call('APN/1.0 Prowler/4.2.0 Boto3/1.34.0')]);
    expect(finding?.severity).toBe('low');
  });

  it('when TruffleHog checks a key with GetCallerIdentity it is high, and medium on other calls', () => {
    const verify = call('trufflehog/3.63.0', {
      eventSource: 'sts.amazonaws.com',
      eventName: 'GetCallerIdentity',
    });
    const other = call('TruffleHog', {
      eventSource: 'sts.amazonaws.com',
      eventName: 'AssumeRole',
      eventTime: minutesAfter(BASE, 120),
    });
    const [first, second] = detect(knownBadUserAgent, [verify, other]);
    expect(first?.severity).toBe('high');
    expect(second?.severity).toBe('medium');
  });

  it('when many calls come from one Kali key, folds them into one finding with a count', () => {
    const ua = 'aws-cli/2.15.30 Python/3.11.8 Linux/6.6.9-amd64-kali1 exe/x86_64.kali.2024';
    const events = [0, 1, 2].map((m) => call(ua, { eventTime: minutesAfter(BASE, m) }));
    const findings = detect(knownBadUserAgent, events);
    expect(findings).toHaveLength(1);
    expect(findings[0]?.eventCount).toBe(3);
  });

  it('when ordinary CLIs, SDKs, consoles and services call, or a word merely contains a tool name, stays quiet', () => {
    const events = [
      'aws-cli/2.15.0 Python/3.11.6 Linux/6.1.61-85.141.amzn2023.x86_64 exe/x86_64.amzn.2023',
      'Boto3/1.34.0 md/Botocore#1.34.0 ua/2.0 os/macos#23.1.0 md/arch#arm64 lang/python#3.12.0',
      'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/122.0 Safari/537.36',
      'cloudformation.amazonaws.com',
      'my-kalimba-app/1.0 aws-sdk-go-v2/1.25.0',
      '',
    ].map((ua) => call(ua));
    expect(detect(knownBadUserAgent, events)).toEqual([]);
  });
});

// Panther's TruffleHog rule (from panther-labs/panther-analysis, Apache-2.0), each record scanned alone.
const PANTHER_RULE = 'AWS.STS.GetCallerIdentity.TruffleHog';
const PANTHER_SEVERITY: Record<string, Severity | undefined> = {
  'TruffleHog GetCallerIdentity': 'high',
  'TruffleHog User Agent Variant': 'high',
  'Normal GetCallerIdentity': undefined,
  // trailwatch reports TruffleHog on any call, but only its key check is high: medium, below the alarm line.
  'Different STS Event with TruffleHog Agent': 'medium',
};

/**
 * These records have no eventID (the peer scorer, which matches findings by eventID, cannot credit them)
 * and two have a userIdentity of only {type, userName}. Fill both in so the verdict itself is checked.
 */
function readable(each: PantherCase): PantherCase {
  const identity = (each.log.userIdentity ?? {}) as Record<string, unknown>;
  const arn = identity.arn ?? `arn:aws:iam::123456789012:user/${String(identity.userName)}`;
  const eventID = each.log.eventID ?? `panther:${each.name}`;
  return { ...each, log: { ...each.log, eventID, userIdentity: { ...identity, arn } } };
}

describe.skipIf(!pantherCasesAvailable)(`Panther ${PANTHER_RULE}`, () => {
  it.each(pantherCases(PANTHER_RULE))('on "$name", agrees with Panther at the expected severity', (each) => {
    const verdict = judgePanther(knownBadUserAgent, readable(each));
    expect(verdict.malformed).toBeUndefined();
    expect(verdict.severity).toBe(PANTHER_SEVERITY[each.name]);
    if (each.expected) expect(verdict.caught).toBe(true);
    else expect(verdict.alarm).toBe(false);
  });
});
