import { describe, expect, it } from 'vitest';
import { apiSurge } from '../../../src/detectors/api-surge.js';
import { at, KEY, keyCall, loud, ROUTINE_DAYS, routineHistory } from '../../helpers/key-history.js';
import { detect, iamUser } from '../../helpers/records.js';

/** `count` calls by the key spread over the hour from 15:00 UTC on the day after the history. */
function busyHour(count: number, day = ROUTINE_DAYS): Record<string, unknown>[] {
  return Array.from({ length: count }, (_, index) =>
    keyCall({
      eventSource: 'ec2.amazonaws.com',
      eventName: 'DescribeInstances',
      sourceIPAddress: '192.0.2.10',
      eventTime: at(day, 15 * 60 + Math.floor((index * 59) / count)),
    }),
  );
}

describe('api-surge', () => {
  it('when a key with a quiet baseline makes 260 calls in an hour, raises one medium finding citing the calls past the threshold', () => {
    const burst = busyHour(260);
    const findings = detect(apiSurge, [...routineHistory(), ...burst]);
    expect(findings).toHaveLength(1);
    const [finding] = findings;
    expect(finding?.category).toBe('api-surge');
    expect(finding?.severity).toBe('medium');
    expect(finding?.accessKeyId).toBe(KEY);
    // The default floor (tuning.apiSurge.minEventsPerHour) is 200: calls 201 to 260 are the surge.
    expect(finding?.eventIds).toEqual(burst.slice(200).map((each) => each.eventID));
    expect(finding?.summary).toContain('201 calls in the 60 minutes to 15:45 UTC');
    expect(finding?.summary).toContain('usual active hour is ~2 (threshold 200)');
    expect(finding?.summary).toContain(`key ${KEY}`);
  });

  it('when the hour reaches three times the threshold, raises it to high', () => {
    const [finding] = detect(apiSurge, [...routineHistory(), ...busyHour(650)]);
    expect(finding?.severity).toBe('high');
    expect(finding?.summary).toContain('600 calls');
  });

  it('when a key with a busy baseline makes a few hundred calls, stays quiet', () => {
    const history = routineHistory({ callsPerHour: 60 });
    expect(detect(apiSurge, [...history, ...busyHour(400)])).toEqual([]);
  });

  it('when a routine hour stays under the floor, stays quiet', () => {
    expect(detect(apiSurge, [...routineHistory(), ...busyHour(190)])).toEqual([]);
  });

  it('when the key has too little history for a baseline, raises nothing loud', () => {
    const findings = detect(apiSurge, [...routineHistory({ days: 1 }), ...busyHour(700, 1)]);
    expect(loud(findings)).toEqual([]);
  });

  it('when a principal without a long-term key surges, judges it by the principal baseline', () => {
    const console = (records: Record<string, unknown>[]) =>
      records.map((each) => ({ ...each, userIdentity: iamUser('alice', 'ASIAEXAMPLECONSOLE01') }));
    const [finding] = detect(apiSurge, [...console(routineHistory()), ...console(busyHour(260))]);
    expect(finding?.severity).toBe('medium');
    expect(finding?.summary).not.toContain('with key');
  });
});
