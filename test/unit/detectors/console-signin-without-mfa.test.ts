import { describe, expect, it } from 'vitest';
import { consoleSigninWithoutMfa } from '../../../src/detectors/console-signin-without-mfa.js';
import { assumedRole, detect, iamUser, record, root } from '../../helpers/records.js';

// After the ConsoleLogin record in the CloudTrail sign-in event reference, redacted.
const signIn = (
  mfa: 'Yes' | 'No',
  result: 'Success' | 'Failure' = 'Success',
  userIdentity: unknown = iamUser(),
) =>
  record({
    eventSource: 'signin.amazonaws.com',
    eventName: 'ConsoleLogin',
    eventType: 'AwsConsoleSignIn',
    userIdentity,
    sourceIPAddress: '192.0.2.44',
    readOnly: false,
    responseElements: { ConsoleLogin: result },
    additionalEventData: {
      LoginTo: 'https://console.aws.amazon.com/console/home',
      MobileVersion: 'No',
      MFAUsed: mfa,
    },
    ...(result === 'Failure' ? { errorMessage: 'Failed authentication' } : {}),
  });

describe('console-signin-without-mfa', () => {
  it('when an IAM user signs in with a password alone, raises a medium console-access finding', () => {
    const event = signIn('No');
    const [finding, ...rest] = detect(consoleSigninWithoutMfa, [event]);
    expect(rest).toHaveLength(0);
    expect(finding?.severity).toBe('medium');
    expect(finding?.category).toBe('console-access');
    expect(finding?.eventIds).toEqual([event.eventID]);
    expect(finding?.summary).toBe('IAM user alice signed in to the console from 192.0.2.44 without MFA.');
  });

  it('when the user used MFA, or the sign-in failed, stays quiet', () => {
    expect(detect(consoleSigninWithoutMfa, [signIn('Yes'), signIn('No', 'Failure')])).toEqual([]);
  });

  it('when root or a federated role signs in, leaves it to other detectors', () => {
    expect(
      detect(consoleSigninWithoutMfa, [
        signIn('No', 'Success', root()),
        signIn('No', 'Success', assumedRole()),
      ]),
    ).toEqual([]);
  });
});
