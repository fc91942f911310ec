import { describe, expect, it } from 'vitest';
import { RangeTableBuilder } from '../../../src/intel/range-table.js';

describe('RangeTable', () => {
  const ipv4 = (rows: [number, number, number][]) => {
    const builder = new RangeTableBuilder(1, 1);
    for (const [start, end, value] of rows) builder.add4(start, end, value);
    return builder.build();
  };

  it('finds the range holding an address, including both ends, and nothing in the gaps', () => {
    const table = ipv4([
      [10, 19, 1],
      [30, 39, 2],
    ]);
    expect([9, 10, 15, 19, 20, 29, 30, 39, 40].map((ip) => table.find([ip]))).toEqual([
      undefined,
      1,
      1,
      1,
      undefined,
      undefined,
      2,
      2,
      undefined,
    ]);
  });

  it('when a narrower range sits inside a wider one, answers the narrower inside it and the wider around it', () => {
    // The shipped country data has such rows (a geofeed entry inside a whois block).
    const table = ipv4([
      [100, 199, 1],
      [120, 129, 2],
      [125, 125, 3],
      [150, 159, 4],
    ]);
    expect([100, 119, 120, 125, 126, 130, 149, 150, 160, 199, 200].map((ip) => table.find([ip]))).toEqual([
      1,
      1,
      2,
      3,
      2,
      1,
      1,
      4,
      1,
      1,
      undefined,
    ]);
  });

  it('when two ranges start together, the narrower one wins whatever order they came in', () => {
    const wideFirst = ipv4([
      [100, 199, 1],
      [100, 109, 2],
    ]);
    const narrowFirst = ipv4([
      [100, 109, 2],
      [100, 199, 1],
    ]);
    for (const table of [wideFirst, narrowFirst]) {
      expect([table.find([105]), table.find([150])]).toEqual([2, 1]);
    }
  });

  it('sorts rows added out of order', () => {
    const table = ipv4([
      [30, 39, 2],
      [0, 9, 0],
      [10, 19, 1],
    ]);
    expect([5, 15, 35].map((ip) => table.find([ip]))).toEqual([0, 1, 2]);
  });

  it('compares IPv6 keys word by word, unsigned', () => {
    const builder = new RangeTableBuilder(4, 1);
    builder.add([0x20010db8, 0, 0, 0], [0x20010db8, 0xffffffff, 0xffffffff, 0xffffffff], 7);
    builder.add([0xfe800000, 0, 0, 0], [0xfebfffff, 0xffffffff, 0xffffffff, 0xffffffff], 8);
    const table = builder.build();
    expect(table.find([0x20010db8, 0x80000000, 0, 1])).toBe(7);
    expect(table.find([0x20010db9, 0, 0, 0])).toBeUndefined();
    expect(table.find([0xfe800000, 0, 0, 1])).toBe(8);
    expect(table.find([0xffffffff, 0, 0, 0])).toBeUndefined();
  });

  it('refuses a row that ends before it starts', () => {
    const builder = new RangeTableBuilder(4);
    expect(builder.add([0, 0, 0, 2], [0, 0, 0, 1], 1)).toBe(false);
    expect(new RangeTableBuilder(1).add4(2, 1, 1)).toBe(false);
  });
});
