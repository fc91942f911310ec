import { describe, expect, it } from 'vitest';
import { callerIdentityFromNewSource } from '../../../src/detectors/caller-identity-from-new-source.js';
import { at, detectWith, KEY, keyCall, ROUTINE_DAYS, routineHistory } from '../../helpers/key-history.js';
import { detect } from '../../helpers/records.js';

const whoami = (ip: string, minute = 0, day = ROUTINE_DAYS) =>
  keyCall({
    eventSource: 'sts.amazonaws.com',
    eventName: 'GetCallerIdentity',
    sourceIPAddress: ip,
    eventTime: at(day, 14 * 60 + minute),
  });

describe('caller-identity-from-new-source', () => {
  it('when a key with history calls GetCallerIdentity first from a new network, raises a medium service-enumeration finding', () => {
    const call = whoami('203.0.113.66');
    const findings = detect(callerIdentityFromNewSource, [...routineHistory(), call]);
    expect(findings).toHaveLength(1);
    const [finding] = findings;
    expect(finding?.category).toBe('service-enumeration');
    expect(finding?.severity).toBe('medium');
    expect(finding?.eventIds).toEqual([call.eventID]);
    expect(finding?.summary).toContain(
      `key ${KEY} called GetCallerIdentity as its first call from 203.0.113.0/24`,
    );
    expect(finding?.summary).toContain('seen before only from 192.0.2.0/24');
  });

  it('when GetCallerIdentity comes after other calls from that network, stays quiet', () => {
    const first = keyCall({ sourceIPAddress: '203.0.113.66', eventTime: at(ROUTINE_DAYS, 14 * 60) });
    expect(
      detect(callerIdentityFromNewSource, [...routineHistory(), first, whoami('203.0.113.66', 1)]),
    ).toEqual([]);
  });

  it('when the call comes from the office network, stays quiet', () => {
    expect(detect(callerIdentityFromNewSource, [...routineHistory(), whoami('192.0.2.10')])).toEqual([]);
  });

  it('while the principal is learning or the source is allowlisted, stays quiet', () => {
    expect(
      detect(callerIdentityFromNewSource, [...routineHistory({ days: 1 }), whoami('203.0.113.66', 0, 1)]),
    ).toEqual([]);
    const allow = { allow: { cidrs: ['203.0.113.0/24'] } };
    expect(
      detectWith(callerIdentityFromNewSource, [...routineHistory(), whoami('203.0.113.66')], {
        tuning: allow,
      }),
    ).toEqual([]);
  });
});
