import { describe, expect, it } from 'vitest';
import { accessDeniedBurst } from '../../../src/detectors/access-denied-burst.js';
import { at, keyCall, loud, ROUTINE_DAYS, routineHistory } from '../../helpers/key-history.js';
import { awsService, detect } from '../../helpers/records.js';

/** `count` denied calls, two a minute, each on a different EC2 action unless `action` is given. */
function denials(count: number, options: { action?: string; day?: number; errorCode?: string } = {}) {
  return Array.from({ length: count }, (_, index) =>
    keyCall({
      eventSource: 'ec2.amazonaws.com',
      eventName: options.action ?? `DescribeThing${index}`,
      sourceIPAddress: '203.0.113.66',
      eventTime: at(options.day ?? ROUTINE_DAYS, 14 * 60 + Math.floor(index / 2)),
      errorCode: options.errorCode ?? 'Client.UnauthorizedOperation',
      errorMessage: 'You are not authorized to perform this operation.',
    }),
  );
}

describe('access-denied-burst', () => {
  it('when a key is denied 15 calls within 15 minutes, raises a medium finding citing every denial', () => {
    const calls = denials(15);
    const findings = detect(accessDeniedBurst, [...routineHistory(), ...calls]);
    expect(findings).toHaveLength(1);
    const [finding] = findings;
    expect(finding?.category).toBe('service-enumeration');
    // Failed calls keep their severity here: the denials are the point.
    expect(finding?.severity).toBe('medium');
    expect(finding?.eventIds).toEqual(calls.map((each) => each.eventID));
    expect(finding?.summary).toContain('denied 15 or more calls within 15 minutes from 203.0.113.66');
    expect(finding?.summary).toContain('Client.UnauthorizedOperation');
  });

  it('counts AccessDenied, AccessDeniedException and UnauthorizedOperation alike', () => {
    const calls = [
      ...denials(5, { errorCode: 'AccessDenied' }),
      ...denials(5, { errorCode: 'AccessDeniedException' }),
      ...denials(5, { errorCode: 'UnauthorizedOperation' }),
    ];
    expect(detect(accessDeniedBurst, [...routineHistory(), ...calls])).toHaveLength(1);
  });

  it('when only 14 calls are denied, stays quiet', () => {
    expect(detect(accessDeniedBurst, [...routineHistory(), ...denials(14)])).toEqual([]);
  });

  it('when errors are not denials (not found, throttling), stays quiet', () => {
    const notFound = denials(20, { errorCode: 'ResourceNotFoundException' });
    expect(detect(accessDeniedBurst, [...routineHistory(), ...notFound])).toEqual([]);
  });

  it('when a job is denied the same action it is always denied, ranks the burst low', () => {
    const chronic = [0, 1, 2].flatMap((day) => denials(3, { action: 'DescribeVolumes', day }));
    const [finding] = detect(accessDeniedBurst, [
      ...routineHistory(),
      ...chronic,
      ...denials(20, { action: 'DescribeVolumes' }),
    ]);
    expect(finding?.severity).toBe('low');
  });

  it('when an AWS service is denied on the account’s behalf, stays quiet', () => {
    const service = denials(20).map((each) => ({
      ...each,
      userIdentity: awsService('autoscaling.amazonaws.com'),
      sourceIPAddress: 'autoscaling.amazonaws.com',
    }));
    expect(detect(accessDeniedBurst, service)).toEqual([]);
  });

  it('while the principal is learning, raises nothing loud', () => {
    expect(
      loud(detect(accessDeniedBurst, [...routineHistory({ days: 1 }), ...denials(20, { day: 1 })])),
    ).toEqual([]);
  });
});
