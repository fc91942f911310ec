import { describe, expect, it } from 'vitest';
import { sessionTokenRequested } from '../../../src/detectors/session-token-requested.js';
import { judgePanther, pantherCase, pantherCasesAvailable } from '../../helpers/panther-cases.js';
import { assumedRole, detect, record } from '../../helpers/records.js';

// After the sts GetSessionToken record in the CloudTrail reference, redacted.
const sessionToken = (
  requestParameters: Record<string, unknown> | null,
  overrides: Record<string, unknown> = {},
) =>
  record({
    eventSource: 'sts.amazonaws.com',
    eventName: 'GetSessionToken',
    readOnly: true,
    requestParameters,
    ...overrides,
  });

describe('session-token-requested', () => {
  it('when an IAM user key mints a session without MFA, raises a medium finding naming user and key', () => {
    const event = sessionToken({ durationSeconds: 129600 });
    const [finding, ...rest] = detect(sessionTokenRequested, [event]);
    expect(rest).toHaveLength(0);
    expect(finding?.severity).toBe('medium');
    expect(finding?.category).toBe('console-access');
    expect(finding?.eventIds).toEqual([event.eventID]);
    expect(finding?.summary).toContain('IAM user alice minted session credentials');
    expect(finding?.summary).toContain('AKIAIOSFODNN7EXAMPLE without MFA');
  });

  it('when the user passes an MFA device, ranks it low', () => {
    const [finding] = detect(sessionTokenRequested, [
      sessionToken({ serialNumber: 'arn:aws:iam::123456789012:mfa/alice', durationSeconds: 43200 }),
    ]);
    expect(finding?.severity).toBe('low');
    expect(finding?.summary).toContain('using MFA');
  });

  it('when a role session calls it, stays quiet', () => {
    expect(detect(sessionTokenRequested, [sessionToken(null, { userIdentity: assumedRole() })])).toEqual([]);
  });

  describe.skipIf(!pantherCasesAvailable)(
    'against Panther AWS.STS.GetSessionToken.Misuse (panther-labs/panther-analysis, Apache-2.0)',
    () => {
      it('catches "GetSessionToken by IAM User"', () => {
        const verdict = judgePanther(
          sessionTokenRequested,
          pantherCase('AWS.STS.GetSessionToken.Misuse', 'GetSessionToken by IAM User'),
        );
        expect(verdict.caught).toBe(true);
        expect(verdict.severity).toBe('medium');
      });

      it('raises nothing high on the negatives', () => {
        for (const name of [
          'GetSessionToken Failed',
          'GetSessionToken by Assumed Role',
          'Unrelated STS Event',
        ]) {
          const verdict = judgePanther(
            sessionTokenRequested,
            pantherCase('AWS.STS.GetSessionToken.Misuse', name),
          );
          expect(verdict.alarm, name).toBe(false);
        }
      });
    },
  );
});
