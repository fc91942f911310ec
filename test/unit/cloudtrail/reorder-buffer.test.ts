import { describe, expect, it } from 'vitest';
import { createReorderBuffer } from '../../../src/cloudtrail/reorder-buffer.js';
import { minutesAfter, record, toEvent } from '../../helpers/records.js';

const at = (minutes: number) => toEvent(record({ eventTime: minutesAfter('2026-03-02T00:00:00Z', minutes) }));

describe('the reorder buffer', () => {
  it('releases events in time order once they are older than the lag', () => {
    const buffer = createReorderBuffer(30 * 60_000);
    expect(buffer.push([at(10), at(0), at(5)])).toEqual([]);
    const released = buffer.push([at(50), at(2)]);
    expect(released.map((e) => e.time)).toEqual([0, 2, 5, 10].map((m) => at(m).time));
    expect(buffer.drain().map((e) => e.time)).toEqual([at(50).time]);
    expect(buffer.late).toBe(0);
  });

  it('counts an event that comes after newer ones were released, and still hands it over', () => {
    const buffer = createReorderBuffer(10 * 60_000);
    buffer.push([at(0), at(60)]);
    expect(buffer.push([at(70)]).map((e) => e.time)).toEqual([at(60).time]);
    const late = buffer.push([at(30)]);
    expect(buffer.late).toBe(1);
    expect(late.map((e) => e.time)).toEqual([at(30).time]);
  });

  it('when files overlap in time, releases every event once, in time then eventId order', () => {
    // A file every 5 minutes, each spanning 25 minutes: each overlaps the next four, none comes late.
    const files = Array.from({ length: 12 }, (_, file) =>
      Array.from({ length: 9 }, (_, n) => at(file * 5 + ((n * 7 + file) % 25))),
    );
    const buffer = createReorderBuffer(30 * 60_000);
    const released = [...files.flatMap((file) => buffer.push(file)), ...buffer.drain()];
    const expected = files.flat().sort((x, y) => x.time - y.time || (x.eventId < y.eventId ? -1 : 1));
    expect(released.map((e) => e.eventId)).toEqual(expected.map((e) => e.eventId));
    expect(buffer.late).toBe(0);
  });
});
