import { describe, expect, it } from 'vitest';
import { consoleSigninFailed } from '../../../src/detectors/console-signin-failed.js';
import { ACCOUNT, detect, iamUser, record, root } from '../../helpers/records.js';

// After the CloudTrail sign-in event reference: failures carry responseElements.ConsoleLogin "Failure".
const signIn = (
  userIdentity: Record<string, unknown>,
  outcome: 'Success' | 'Failure',
  errorMessage?: string,
) =>
  record({
    eventSource: 'signin.amazonaws.com',
    eventName: 'ConsoleLogin',
    eventType: 'AwsConsoleSignIn',
    readOnly: false,
    userIdentity,
    userAgent:
      'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.2 Safari/605.1.15',
    responseElements: { ConsoleLogin: outcome },
    additionalEventData: {
      LoginTo: 'https://console.aws.amazon.com/console/home',
      MobileVersion: 'No',
      MFAUsed: 'No',
    },
    ...(errorMessage ? { errorMessage } : {}),
  });
const unknownUser = {
  type: 'IAMUser',
  principalId: '',
  accountId: ACCOUNT,
  accessKeyId: '',
  userName: 'HIDDEN_DUE_TO_SECURITY_REASONS',
};

describe('console-signin-failed', () => {
  it('when one root sign-in fails, raises medium citing it', () => {
    const event = signIn(root(), 'Failure', 'Failed authentication');
    const [finding, ...rest] = detect(consoleSigninFailed, [event]);
    expect(rest).toHaveLength(0);
    expect(finding?.severity).toBe('medium');
    expect(finding?.category).toBe('console-access');
    expect(finding?.eventIds).toEqual([event.eventID]);
    expect(finding?.summary).toContain(`root user of account ${ACCOUNT} failed`);
  });

  it('when a sign-in fails for a user name the account does not have, raises low', () => {
    const [finding] = detect(consoleSigninFailed, [
      signIn(unknownUser, 'Failure', 'No username found in supplied account'),
    ]);
    expect(finding?.severity).toBe('low');
    expect(finding?.summary).toContain('for a user name it does not have');
  });

  it('when an existing user mistypes once, or root signs in, stays quiet', () => {
    expect(
      detect(consoleSigninFailed, [
        signIn(iamUser('bob'), 'Failure', 'Failed authentication'),
        signIn(root(), 'Success'),
      ]),
    ).toEqual([]);
  });
});
