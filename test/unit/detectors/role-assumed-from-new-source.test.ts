import { describe, expect, it } from 'vitest';
import { TuningSchema } from '../../../src/config/tuning.js';
import { createDetectionEngine } from '../../../src/detectors/engine.js';
import { roleAssumedFromNewSource } from '../../../src/detectors/role-assumed-from-new-source.js';
import { awsService, detect, toEvent } from '../../helpers/records.js';
import { assume, at, everyDay, githubActions, OUTSIDE_IP, roleArn } from '../../helpers/s3-role-records.js';

const CI_ROLE = roleArn('github-actions-deploy');
const OIDC = 'AssumeRoleWithWebIdentity';
/** GitHub Actions runners sign in from ever-changing addresses of one network, every day. */
const history = (days = 10) =>
  everyDay(days, 3, (eventTime, day, slot) =>
    assume(
      CI_ROLE,
      githubActions(),
      { eventTime, sourceIPAddress: `198.51.100.${10 + day * 3 + slot}` },
      OIDC,
    ),
  );
const signIn = (ip: string, day = 10, extra: Record<string, unknown> = {}) =>
  assume(CI_ROLE, githubActions(), { eventTime: at(day, 15), sourceIPAddress: ip, ...extra }, OIDC);

describe('role-assumed-from-new-source', () => {
  it('when the CI role is assumed from a network never seen for it, raises a medium finding naming both', () => {
    const odd = signIn(OUTSIDE_IP);
    const [finding, ...rest] = detect(roleAssumedFromNewSource, [...history(), odd]);
    expect(rest).toHaveLength(0);
    expect(finding?.severity).toBe('medium');
    expect(finding?.category).toBe('role-assumption');
    expect(finding?.eventIds).toEqual([odd.eventID]);
    expect(finding?.summary).toContain(
      `assumed role github-actions-deploy from ${OUTSIDE_IP} (203.0.113.0/24), a network never seen for it`,
    );
    expect(finding?.summary).toContain('assumed before from 198.51.100.0/24 (1 network on 10 days)');
  });

  it('when a runner signs in from a new address of the usual network, stays quiet', () => {
    expect(detect(roleAssumedFromNewSource, [...history(), signIn('198.51.100.250')])).toEqual([]);
  });

  it('while the role has fewer than seven days of history, stays quiet', () => {
    expect(detect(roleAssumedFromNewSource, [...history(3), signIn(OUTSIDE_IP, 3)])).toEqual([]);
  });

  it('when an AWS service assumes the role, or the source is private, or the call failed, stays quiet', () => {
    const events = [
      ...history(),
      assume(CI_ROLE, awsService('ec2.amazonaws.com'), {
        eventTime: at(10, 11),
        sourceIPAddress: 'ec2.amazonaws.com',
      }),
      signIn('10.1.2.3'),
      signIn(OUTSIDE_IP, 10, { eventTime: at(10, 16), errorCode: 'AccessDenied' }),
    ];
    expect(detect(roleAssumedFromNewSource, events)).toEqual([]);
  });

  it('when the new source is in tuning.allow.cidrs, stays quiet', () => {
    const tuning = TuningSchema.parse({ allow: { cidrs: ['203.0.113.0/24'] } });
    const engine = createDetectionEngine({ detectors: [roleAssumedFromNewSource], tuning });
    const events = [...history(), signIn(OUTSIDE_IP)].map(toEvent);
    expect([...events.flatMap((event) => engine.process(event)), ...engine.finish()]).toEqual([]);
  });
});
