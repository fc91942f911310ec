import { describe, expect, it } from 'vitest';
import { compromisedKeyQuarantine } from '../../../src/detectors/compromised-key-quarantine.js';
import { judgePanther, pantherCase, pantherCasesAvailable } from '../../helpers/panther-cases.js';
import { assumedRole, detect, iamUser, record } from '../../helpers/records.js';

const QUARANTINE_V3 = 'arn:aws:iam::aws:policy/AWSCompromisedKeyQuarantineV3';
const policyCall = (
  eventName: string,
  requestParameters: Record<string, unknown>,
  userIdentity: unknown = iamUser('bob'),
) => record({ eventName, readOnly: false, userIdentity, requestParameters });

describe('compromised-key-quarantine', () => {
  it('when AWS attaches the quarantine policy to a user, raises a high finding naming user and policy', () => {
    const event = policyCall('AttachUserPolicy', { userName: 'bob', policyArn: QUARANTINE_V3 });
    const [finding, ...rest] = detect(compromisedKeyQuarantine, [event]);
    expect(rest).toHaveLength(0);
    expect(finding?.severity).toBe('high');
    expect(finding?.category).toBe('access-key-activity');
    expect(finding?.eventIds).toEqual([event.eventID]);
    expect(finding?.summary).toContain(
      'applied the compromised-key quarantine policy AWSCompromisedKeyQuarantineV3 to bob',
    );
  });

  it('when the older inline exposed-credential policy is put on a user, raises it too', () => {
    const [finding] = detect(compromisedKeyQuarantine, [
      policyCall('PutUserPolicy', {
        userName: 'bob',
        policyName: 'AWSExposedCredentialPolicy_DO_NOT_REMOVE',
        policyDocument: '{}',
      }),
    ]);
    expect(finding?.severity).toBe('high');
  });

  it('when someone detaches the quarantine from a role, reports the removal at high', () => {
    const [finding] = detect(compromisedKeyQuarantine, [
      policyCall(
        'DetachRolePolicy',
        { roleName: 'ci-deploy', policyArn: QUARANTINE_V3 },
        assumedRole('Admin'),
      ),
    ]);
    expect(finding?.severity).toBe('high');
    expect(finding?.summary).toContain('removed the compromised-key quarantine policy');
    expect(finding?.summary).toContain('from ci-deploy');
  });

  it('when another policy is attached, stays quiet', () => {
    expect(
      detect(compromisedKeyQuarantine, [
        policyCall('AttachUserPolicy', {
          userName: 'bob',
          policyArn: 'arn:aws:iam::aws:policy/ReadOnlyAccess',
        }),
        policyCall('PutUserPolicy', { userName: 'bob', policyName: 'deny-all' }),
      ]),
    ).toEqual([]);
  });

  describe.skipIf(!pantherCasesAvailable)(
    'against Panther (panther-labs/panther-analysis, Apache-2.0)',
    () => {
      it('catches AWS.CloudTrail.IAMCompromisedKeyQuarantine and AWS.IAM.AccessKeyCompromised positives at high', () => {
        for (const [rule, name] of [
          [
            'AWS.CloudTrail.IAMCompromisedKeyQuarantine',
            'AttachUserPolicy AWSCompromisedKeyQuarantineV2-true',
          ],
          ['AWS.IAM.AccessKeyCompromised', 'An AWS IAM Access Key was Compromised'],
        ] as const) {
          const verdict = judgePanther(compromisedKeyQuarantine, pantherCase(rule, name));
          expect(verdict.caught, name).toBe(true);
          expect(verdict.severity, name).toBe('high');
        }
      });

      it('stays quiet on "PutUserPolicy-false" and "Request Param is null"', () => {
        for (const [rule, name] of [
          ['AWS.CloudTrail.IAMCompromisedKeyQuarantine', 'PutUserPolicy-false'],
          ['AWS.IAM.AccessKeyCompromised', 'Request Param is null'],
        ] as const) {
          expect(judgePanther(compromisedKeyQuarantine, pantherCase(rule, name)).findings, name).toEqual([]);
        }
      });
    },
  );
});
