import { describe, expect, it } from 'vitest';
import { rootConsoleSignin } from '../../../src/detectors/root-console-signin.js';
import { judgePanther, pantherCase, pantherCasesAvailable } from '../../helpers/panther-cases.js';
import { detect, iamUser, record, root } from '../../helpers/records.js';

// After the ConsoleLogin record in the CloudTrail sign-in event reference, redacted.
const signIn = (mfa: 'Yes' | 'No', result: 'Success' | 'Failure' = 'Success', userIdentity = root()) =>
  record({
    eventSource: 'signin.amazonaws.com',
    eventName: 'ConsoleLogin',
    eventType: 'AwsConsoleSignIn',
    userIdentity,
    sourceIPAddress: '198.51.100.7',
    userAgent: 'Mozilla/5.0 (X11; Linux x86_64) Gecko/20100101 Firefox/124.0',
    readOnly: false,
    responseElements: { ConsoleLogin: result },
    additionalEventData: {
      LoginTo: 'https://console.aws.amazon.com/console/home',
      MobileVersion: 'No',
      MFAUsed: mfa,
    },
    ...(result === 'Failure' ? { errorMessage: 'Failed authentication' } : {}),
  });

describe('root-console-signin', () => {
  it('when root signs in without MFA, raises a critical root-usage finding naming the source IP', () => {
    const event = signIn('No');
    const [finding, ...rest] = detect(rootConsoleSignin, [event]);
    expect(rest).toHaveLength(0);
    expect(finding?.severity).toBe('critical');
    expect(finding?.category).toBe('root-usage');
    expect(finding?.eventIds).toEqual([event.eventID]);
    expect(finding?.summary).toContain('198.51.100.7');
    expect(finding?.summary).toContain('without MFA');
  });

  it('when root signs in with MFA, still raises it, at high', () => {
    const [finding] = detect(rootConsoleSignin, [signIn('Yes')]);
    expect(finding?.severity).toBe('high');
    expect(finding?.summary).toContain('with MFA');
  });

  it('when the root sign-in fails, leaves it to the failed sign-in detector', () => {
    expect(detect(rootConsoleSignin, [signIn('No', 'Failure')])).toEqual([]);
  });

  it('when an IAM user signs in, stays quiet', () => {
    expect(detect(rootConsoleSignin, [signIn('No', 'Success', iamUser())])).toEqual([]);
  });

  describe.skipIf(!pantherCasesAvailable)(
    'against Panther (panther-labs/panther-analysis, Apache-2.0)',
    () => {
      it('catches AWS.Root.Activity "Successful Root Login" at critical', () => {
        const verdict = judgePanther(
          rootConsoleSignin,
          pantherCase('AWS.Root.Activity', 'Successful Root Login'),
        );
        expect(verdict.caught).toBe(true);
        expect(verdict.severity).toBe('critical');
      });

      it('raises AWS.Console.RootLoginFailed "Successful Login" on purpose: it is a root sign-in, not a failure', () => {
        const verdict = judgePanther(
          rootConsoleSignin,
          pantherCase('AWS.Console.RootLoginFailed', 'Successful Login'),
        );
        expect(verdict.severity).toBe('critical');
      });

      it('stays quiet on the failed root login and on non-login events', () => {
        for (const [rule, name] of [
          ['AWS.Console.RootLoginFailed', 'Failed Root Login'],
          ['AWS.Console.RootLoginFailed', 'Non-Login Event'],
          ['AWS.Console.RootLogin', 'Non-Login Event'],
        ] as const) {
          expect(judgePanther(rootConsoleSignin, pantherCase(rule, name)).findings).toEqual([]);
        }
      });
    },
  );
});
