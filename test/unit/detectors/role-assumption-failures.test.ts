import { describe, expect, it } from 'vitest';
import { TuningSchema } from '../../../src/config/tuning.js';
import { createDetectionEngine } from '../../../src/detectors/engine.js';
import { roleAssumptionFailures } from '../../../src/detectors/role-assumption-failures.js';
import { awsService, detect, iamUser, toEvent } from '../../helpers/records.js';
import { assume, at, OUTSIDE_ACCOUNT, outsideUser, roleArn } from '../../helpers/s3-role-records.js';

const DENIED = {
  errorCode: 'AccessDenied',
  errorMessage:
    'User: arn:aws:iam::123456789012:user/alice is not authorized to perform: sts:AssumeRole on resource: arn:aws:iam::123456789012:role/x',
};
/** `count` failed AssumeRole calls a minute apart, each on a different role, from 14:00 on day 0. */
const failures = (caller: Record<string, unknown>, count: number, extra: Record<string, unknown> = {}) =>
  Array.from({ length: count }, (_, i) =>
    assume(roleArn(`role-${i}`), caller, { eventTime: at(0, 14, i), ...DENIED, ...extra }),
  );

describe('role-assumption-failures', () => {
  it('when one key fails AssumeRole ten times in fifteen minutes, raises a medium finding citing every attempt', () => {
    const events = failures(iamUser('alice'), 10);
    const [finding, ...rest] = detect(roleAssumptionFailures, events);
    expect(rest).toHaveLength(0);
    expect(finding?.severity).toBe('medium');
    expect(finding?.category).toBe('role-assumption');
    expect(finding?.eventIds).toEqual(events.map((event) => event.eventID));
    expect(finding?.summary).toContain('user/alice failed AssumeRole 10 or more times within 15 minutes');
    expect(finding?.summary).toContain('first on role role-0 (AccessDenied)');
  });

  it('when the failures come from an untrusted outside account, ranks them high', () => {
    const [finding] = detect(roleAssumptionFailures, failures(outsideUser(), 10));
    expect(finding?.severity).toBe('high');
    expect(finding?.summary).toContain(`from untrusted account ${OUTSIDE_ACCOUNT}`);
  });

  it('when an AWS service fails to assume a role over and over, ranks it two steps lower (info)', () => {
    const events = failures(awsService('lambda.amazonaws.com'), 10, {
      sourceIPAddress: 'lambda.amazonaws.com',
    });
    const [finding] = detect(roleAssumptionFailures, events);
    expect(finding?.severity).toBe('info');
  });

  it('when nine attempts fail, or the calls succeed, or ten fail over two hours, stays quiet', () => {
    const nine = failures(iamUser('alice'), 9);
    const fine = Array.from({ length: 12 }, (_, i) =>
      assume(roleArn('ok'), iamUser('bob', 'AKIAI44QH8DHBEXAMPLE'), { eventTime: at(1, 9, i) }),
    );
    const slow = Array.from({ length: 10 }, (_, i) =>
      assume(roleArn('r'), iamUser('carol', 'AKIAIOSFODNN7CAROL01'), {
        eventTime: at(2, 9, i * 12),
        ...DENIED,
      }),
    );
    expect(detect(roleAssumptionFailures, [...nine, ...fine, ...slow])).toEqual([]);
  });

  it('reads its burst size and window from tuning.roleAssumption', () => {
    const tuning = TuningSchema.parse({ roleAssumption: { failedBurst: 3, windowMinutes: 5 } });
    const engine = createDetectionEngine({ detectors: [roleAssumptionFailures], tuning });
    const events = failures(iamUser('alice'), 3).map(toEvent);
    const findings = [...events.flatMap((event) => engine.process(event)), ...engine.finish()];
    expect(findings).toHaveLength(1);
    expect(findings[0]?.summary).toContain('3 or more times within 5 minutes');
  });
});
