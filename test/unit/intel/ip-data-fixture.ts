/** A tiny in-memory IpDataSource, so classification tests need no data files. */

import { parseIp } from '../../../src/intel/ip-address.js';
import type { IpData, IpDataSource, IpVersion } from '../../../src/intel/ip-data.js';
import { type RangeTable, RangeTableBuilder } from '../../../src/intel/range-table.js';

export interface FixtureRange {
  from: string;
  to: string;
  asn?: number;
  country?: string;
}

function words(text: string): number[] {
  const ip = parseIp(text);
  if (ip === undefined) throw new Error(`fixture address ${text} does not parse`);
  return ip.version === 4 ? [ip.value] : [...ip.words];
}

function table(ranges: FixtureRange[], version: IpVersion, value: (r: FixtureRange) => number | undefined) {
  const builder = new RangeTableBuilder(version === 4 ? 1 : 4);
  for (const range of ranges) {
    const v = value(range);
    if (v !== undefined && words(range.from).length === (version === 4 ? 1 : 4)) {
      builder.add(words(range.from), words(range.to), v);
    }
  }
  return builder.build();
}

/** Counts load() calls; `broken` makes load() throw, to prove a lookup never needed the data. */
export function fixtureData(
  ranges: FixtureRange[],
  orgs: Record<number, string> = {},
  options: { broken?: boolean } = {},
): IpDataSource & { loads: number } {
  const code = (c: string | undefined) => (c ? (c.charCodeAt(0) << 8) | c.charCodeAt(1) : undefined);
  const build = (version: IpVersion): { asn: RangeTable; country: RangeTable } => ({
    asn: table(ranges, version, (r) => r.asn),
    country: table(ranges, version, (r) => code(r.country)),
  });
  const built = { 4: build(4), 6: build(6) };
  const data: IpData = {
    asnTable: (version) => built[version].asn,
    countryTable: (version) => built[version].country,
    asOrg: (asn) => orgs[asn],
  };
  const source = {
    loads: 0,
    version: 'fixture@1 (2026-01-01)',
    load(): IpData {
      source.loads++;
      if (options.broken) throw new Error('the data should not have been needed');
      return data;
    },
  };
  return source;
}
