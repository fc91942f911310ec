import { describe, expect, it } from 'vitest';
import { signinTokenRequested } from '../../../src/detectors/signin-token-requested.js';
import { judgePanther, pantherCase, pantherCasesAvailable } from '../../helpers/panther-cases.js';
import { ACCOUNT, assumedRole, detect, record } from '../../helpers/records.js';

const federatedUser = {
  type: 'FederatedUser',
  principalId: `${ACCOUNT}:console`,
  arn: `arn:aws:sts::${ACCOUNT}:federated-user/console`,
  accountId: ACCOUNT,
  accessKeyId: 'ASIAEXAMPLEFEDKEY001',
  sessionContext: {
    sessionIssuer: {
      type: 'IAMUser',
      arn: `arn:aws:iam::${ACCOUNT}:user/alice`,
      userName: 'alice',
      accountId: ACCOUNT,
    },
  },
};
const signinToken = (overrides: Record<string, unknown> = {}) =>
  record({
    eventSource: 'signin.amazonaws.com',
    eventName: 'GetSigninToken',
    eventType: 'AwsConsoleSignIn',
    userIdentity: assumedRole(),
    userAgent: 'python-requests/2.31.0',
    ...overrides,
  });

describe('signin-token-requested', () => {
  it('when a role session asks the federation endpoint for a sign-in token, raises a medium finding', () => {
    const event = signinToken();
    const [finding, ...rest] = detect(signinTokenRequested, [event]);
    expect(rest).toHaveLength(0);
    expect(finding?.severity).toBe('medium');
    expect(finding?.category).toBe('console-access');
    expect(finding?.eventIds).toEqual([event.eventID]);
    expect(finding?.summary).toContain('assumed-role/DeployRole/session-1 requested a console sign-in token');
    expect(finding?.summary).toContain('python-requests/2.31.0');
  });

  it('when a federated user then signs in to the console, adds the sign-in to the finding story', () => {
    const [finding] = detect(signinTokenRequested, [
      record({
        eventSource: 'signin.amazonaws.com',
        eventName: 'ConsoleLogin',
        eventType: 'AwsConsoleSignIn',
        userIdentity: federatedUser,
        responseElements: { ConsoleLogin: 'Success' },
        additionalEventData: { MFAUsed: 'No', MobileVersion: 'No' },
      }),
    ]);
    expect(finding?.summary).toContain(
      'Federated user arn:aws:sts::123456789012:federated-user/console signed in',
    );
  });

  it('when the Identity Center portal fetches the token, stays quiet', () => {
    const sso = assumedRole('AWSReservedSSO_Admin_0123456789abcdef', 'alice@example.com');
    expect(
      detect(signinTokenRequested, [
        // The portal's literal user agent, an unexpanded Maven placeholder.
        // biome-ignore lint/suspicious/noTemplateCurlyInString: the wire value contains "${...}"
        signinToken({ userIdentity: sso, userAgent: 'Jersey/${project.version}' }),
        signinToken({ userIdentity: sso, userAgent: 'Go-http-client/2.0' }),
      ]),
    ).toEqual([]);
  });

  it('when an IAM user signs in normally, stays quiet', () => {
    expect(
      detect(signinTokenRequested, [
        record({
          eventSource: 'signin.amazonaws.com',
          eventName: 'ConsoleLogin',
          eventType: 'AwsConsoleSignIn',
          responseElements: { ConsoleLogin: 'Success' },
        }),
      ]),
    ).toEqual([]);
  });

  describe.skipIf(!pantherCasesAvailable)(
    'against Panther AWS.Console.GetSigninToken.Abuse (panther-labs/panther-analysis, Apache-2.0)',
    () => {
      // The record has no eventID, so no finding can cite it for the scorer; the finding itself is checked.
      it('raises "Suspicious GetSigninToken"', () => {
        const verdict = judgePanther(
          signinTokenRequested,
          pantherCase('AWS.Console.GetSigninToken.Abuse', 'Suspicious GetSigninToken'),
        );
        expect(verdict.findings).toHaveLength(1);
        expect(verdict.findings[0]?.severity).toBe('medium');
      });

      it('stays quiet on "Legitimate SSO Portal GetSigninToken"', () => {
        const verdict = judgePanther(
          signinTokenRequested,
          pantherCase('AWS.Console.GetSigninToken.Abuse', 'Legitimate SSO Portal GetSigninToken'),
        );
        expect(verdict.findings).toEqual([]);
      });
    },
  );
});
