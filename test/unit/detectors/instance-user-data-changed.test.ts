import { describe, expect, it } from 'vitest';
import { instanceUserDataChanged } from '../../../src/detectors/instance-user-data-changed.js';
import { detect, record } from '../../helpers/records.js';

// After Stratus Red Team's aws.execution.ec2-user-data detonation: the script is hidden by CloudTrail.
const modify = (requestParameters: Record<string, unknown>, overrides: Record<string, unknown> = {}) =>
  record({
    eventSource: 'ec2.amazonaws.com',
    eventName: 'ModifyInstanceAttribute',
    readOnly: false,
    requestParameters: { instanceId: 'i-0a1b2c3d4e5f67890', ...requestParameters },
    responseElements: { _return: true },
    ...overrides,
  });

describe('instance-user-data-changed', () => {
  it('when user data is replaced, raises medium naming the instance', () => {
    const event = modify({ userData: '<sensitiveDataRemoved>' });
    const [finding, ...rest] = detect(instanceUserDataChanged, [event]);
    expect(rest).toHaveLength(0);
    expect(finding?.severity).toBe('medium');
    expect(finding?.eventIds).toEqual([event.eventID]);
    expect(finding?.summary).toContain('replaced the user data (boot script) of i-0a1b2c3d4e5f67890');
  });

  it('when the attempt is refused because the instance runs, reports it one step lower', () => {
    const [finding] = detect(instanceUserDataChanged, [
      modify({ userData: '<sensitiveDataRemoved>' }, { errorCode: 'IncorrectInstanceState' }),
    ]);
    expect(finding?.severity).toBe('low');
    expect(finding?.summary).toContain('tried to replace');
  });

  it('when another attribute (instance type, source/dest check) changes, stays quiet', () => {
    expect(
      detect(instanceUserDataChanged, [
        modify({ instanceType: { value: 't3.large' } }),
        modify({ sourceDestCheck: { value: false } }),
      ]),
    ).toEqual([]);
  });
});
