import { describe, expect, it } from 'vitest';
import { type BoundedSet, touch } from '../../../src/behaviour/bounded-set.js';
import {
  callsInWindow,
  countCall,
  epochMinute,
  type RateHistory,
} from '../../../src/behaviour/rate-windows.js';

const MINUTE = 60_000;
const start = Date.parse('2026-03-02T10:00:00Z');

/** The window counted afresh from the stored minutes, as a profile read from Redis would be. */
function counted(history: RateHistory, minute: number, span: number): number {
  return callsInWindow(JSON.parse(JSON.stringify(history)) as RateHistory, minute, span);
}

describe('rate windows', () => {
  it('when calls come in and out of order, a window asked again says what the stored minutes say', () => {
    const history: RateHistory = {};
    // A call every 20 s for 90 minutes, one in seven a few minutes late; the windows asked after each.
    for (let n = 0; n < 270; n += 1) {
      const time = start + n * 20_000 - (n % 7 === 0 ? 3 * MINUTE : 0);
      const minute = epochMinute(start + n * 20_000);
      callsInWindow(history, minute, 60);
      callsInWindow(history, minute, 5);
      countCall(history, time);
      expect(callsInWindow(history, minute, 60)).toBe(counted(history, minute, 60));
      expect(callsInWindow(history, minute, 5)).toBe(counted(history, minute, 5));
    }
    expect(callsInWindow(history, epochMinute(start) + 89, 60)).toBeGreaterThan(100);
  });

  it('forgets minutes older than the long window', () => {
    const history: RateHistory = {};
    countCall(history, start);
    countCall(history, start + 30 * MINUTE);
    countCall(history, start + 75 * MINUTE);
    const last = epochMinute(start + 75 * MINUTE);
    expect(callsInWindow(history, last, 60)).toBe(2);
    expect(callsInWindow(history, epochMinute(start), 1)).toBe(0);
    expect(history.perMinute?.reduce((a, b) => a + b, 0)).toBe(2);
  });

  it('a call over an hour older than the newest is in no window, but its day still has a peak', () => {
    const history: RateHistory = {};
    countCall(history, start + 2 * 60 * MINUTE);
    countCall(history, start);
    expect(callsInWindow(history, epochMinute(start), 5)).toBe(0);
    expect(callsInWindow(history, epochMinute(start + 2 * 60 * MINUTE), 60)).toBe(1);
    expect(Object.values(history.peaks ?? {})).toEqual([1]);
  });

  it('a profile saved with minutes keyed by epoch minute is read into the ring and counts on', () => {
    const first = epochMinute(start);
    // As profiles saved before the ring hold them, with a minute already past the window.
    const history: RateHistory = JSON.parse(
      JSON.stringify({ minutes: { [first - 61]: 9, [first - 2]: 3, [first]: 4 }, peaks: {} }),
    ) as RateHistory;
    expect(callsInWindow(history, first, 5)).toBe(7);
    expect(callsInWindow(history, first, 60)).toBe(7);
    countCall(history, start + 30_000);
    expect(callsInWindow(history, first, 5)).toBe(8);
    expect(history.minutes).toBeUndefined();
    expect(counted(history, first, 60)).toBe(8);
  });
});

describe('bounded sets', () => {
  it('when full, a new value evicts the stalest, also in a set read back from JSON', () => {
    const set: BoundedSet = {};
    for (let n = 0; n < 5; n += 1) touch(set, `v${n}`, start + n * 4 * 3_600_000, 5);
    touch(set, 'v5', start + 30 * 3_600_000, 5);
    expect(Object.keys(set)).toEqual(['v1', 'v2', 'v3', 'v4', 'v5']);
    const read = JSON.parse(JSON.stringify(set)) as BoundedSet;
    touch(read, 'v6', start + 31 * 3_600_000, 5);
    expect(Object.keys(read)).toHaveLength(5);
    expect(read.v1).toBeUndefined();
  });
});
