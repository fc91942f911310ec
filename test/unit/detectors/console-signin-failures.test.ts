import { describe, expect, it } from 'vitest';
import { consoleSigninFailures } from '../../../src/detectors/console-signin-failures.js';
import { judgePanther, pantherCase, pantherCasesAvailable } from '../../helpers/panther-cases.js';
import { detect, iamUser, minutesAfter, record, root } from '../../helpers/records.js';

const BASE = '2026-03-02T10:00:00Z';
// After the failed ConsoleLogin record in the CloudTrail sign-in event reference, redacted.
const failedSignIn = (minute: number, userIdentity: unknown = iamUser(), ip = '203.0.113.9') =>
  record({
    eventSource: 'signin.amazonaws.com',
    eventName: 'ConsoleLogin',
    eventType: 'AwsConsoleSignIn',
    eventTime: minutesAfter(BASE, minute),
    userIdentity,
    sourceIPAddress: ip,
    readOnly: false,
    responseElements: { ConsoleLogin: 'Failure' },
    additionalEventData: {
      LoginTo: 'https://console.aws.amazon.com/console/home',
      MobileVersion: 'No',
      MFAUsed: 'No',
    },
    errorMessage: 'Failed authentication',
  });

describe('console-signin-failures', () => {
  it('when an IAM user fails to sign in five times in ten minutes, raises one medium finding citing all five', () => {
    const events = [0, 1, 2, 3, 4].map((m) => failedSignIn(m));
    const findings = detect(consoleSigninFailures, events);
    expect(findings).toHaveLength(1);
    expect(findings[0]?.severity).toBe('medium');
    expect(findings[0]?.category).toBe('console-access');
    expect(findings[0]?.eventIds).toEqual(events.map((e) => e.eventID));
    expect(findings[0]?.summary).toContain('alice, the first from 203.0.113.9 (5 events in all).');
    expect(findings[0]?.eventCount).toBe(5);
  });

  it('when root is the target, ranks the burst high', () => {
    const findings = detect(
      consoleSigninFailures,
      [0, 2, 4, 6, 8].map((m) => failedSignIn(m, root())),
    );
    expect(findings[0]?.severity).toBe('high');
    expect(findings[0]?.summary).toContain('root user of account 123456789012');
  });

  it('when four failures come in ten minutes, or five are spread over an hour, stays quiet', () => {
    expect(
      detect(
        consoleSigninFailures,
        [0, 1, 2, 3].map((m) => failedSignIn(m)),
      ),
    ).toEqual([]);
    expect(
      detect(
        consoleSigninFailures,
        [0, 12, 24, 36, 48].map((m) => failedSignIn(m)),
      ),
    ).toEqual([]);
  });

  it('when failures are spread over five different users, stays quiet (per-principal counting)', () => {
    const users = ['alice', 'bob', 'carol', 'dave', 'erin'];
    expect(
      detect(
        consoleSigninFailures,
        users.map((user, m) => failedSignIn(m, iamUser(user))),
      ),
    ).toEqual([]);
  });

  describe.skipIf(!pantherCasesAvailable)(
    'against Panther AWS.Console.RootLoginFailed (panther-labs/panther-analysis, Apache-2.0)',
    () => {
      it('counts "Failed Root Login" toward a burst but does not raise one record alone (Panther threshold 5)', () => {
        const verdict = judgePanther(
          consoleSigninFailures,
          pantherCase('AWS.Console.RootLoginFailed', 'Failed Root Login'),
        );
        expect(verdict.findings).toEqual([]);
      });

      it('stays quiet on "Successful Login"', () => {
        const verdict = judgePanther(
          consoleSigninFailures,
          pantherCase('AWS.Console.RootLoginFailed', 'Successful Login'),
        );
        expect(verdict.findings).toEqual([]);
      });
    },
  );
});
