/** The ip-location-db CSV files -> range tables, parsed from the file's bytes without a string per row. */
import type { Chunks } from './file-chunks.js';
import { ipv6FromCodes } from './ip-address.js';
import { type RangeTable, RangeTableBuilder } from './range-table.js';

const NEWLINE = 10;
const RETURN = 13;
const COMMA = 44;
const QUOTE = 34;

/** A CSV row the loader could not read: the data file is damaged or its format changed. */
export class CsvRowError extends Error {
  constructor(file: string, line: number, reason: string) {
    super(`${file}:${line}: ${reason}`);
    this.name = 'CsvRowError';
  }
}

/** [from, to) of the first three fields, then of the rest of the row (empty when there is none). */
type Cuts = Int32Array;

type Visit = (bytes: Uint8Array, cuts: Cuts, line: number) => void;

/** Calls `visit` for each non-empty line of `bytes`, numbering lines after `line`; returns the last number. */
function forEachRow(bytes: Uint8Array, file: string, line: number, cuts: Cuts, visit: Visit): number {
  const length = bytes.length;
  for (let from = 0; from < length; ) {
    line++;
    let i = from;
    let commas = 0;
    // Only the fourth field (an organisation name) is ever quoted, so only the first three commas count;
    // past the third, jump to the end of the line.
    for (; commas < 3 && i < length; i++) {
      const c = bytes[i];
      if (c === NEWLINE) break;
      if (c === COMMA) {
        cuts[commas * 2 + 1] = i;
        cuts[commas * 2 + 2] = i + 1;
        commas++;
      }
    }
    let next = commas === 3 ? bytes.indexOf(NEWLINE, i) : i;
    if (next === -1) next = length;
    const end = next > from && bytes[next - 1] === RETURN ? next - 1 : next;
    if (end > from) {
      if (commas < 2) throw new CsvRowError(file, line, 'fewer than 3 fields');
      cuts[0] = from;
      if (commas === 2) {
        cuts[5] = end;
        cuts[6] = end;
      }
      cuts[7] = end;
      visit(bytes, cuts, line);
    }
    from = next + 1;
  }
  return line;
}

/** Visits every row of every chunk; counts the rows first, so tables are sized exactly and never copied. */
function readRows(
  source: Uint8Array | Chunks,
  file: string,
  begin: (rows: number) => void,
  visit: Visit,
): void {
  const chunks = source instanceof Uint8Array ? () => [source] : source;
  let rows = 0;
  for (const bytes of chunks()) {
    for (let at = bytes.indexOf(NEWLINE); at !== -1; at = bytes.indexOf(NEWLINE, at + 1)) rows++;
    if (bytes.length > 0 && bytes[bytes.length - 1] !== NEWLINE) rows++;
  }
  begin(rows);
  const cuts: Cuts = new Int32Array(8);
  let line = 0;
  for (const bytes of chunks()) line = forEachRow(bytes, file, line, cuts, visit);
}

function decimal(bytes: Uint8Array, from: number, to: number): number {
  if (to <= from || to - from > 10) return Number.NaN;
  let value = 0;
  for (let i = from; i < to; i++) {
    const digit = (bytes[i] ?? 0) - 48;
    if (digit < 0 || digit > 9) return Number.NaN;
    value = value * 10 + digit;
  }
  return value;
}

/** "US" -> 0x5553; undefined unless two letters A-Z. */
function countryCode(bytes: Uint8Array, from: number, to: number): number | undefined {
  const a = bytes[from] ?? 0;
  const b = bytes[from + 1] ?? 0;
  const letter = (c: number) => c >= 65 && c <= 90;
  return to - from === 2 && letter(a) && letter(b) ? (a << 8) | b : undefined;
}

export function countryName(code: number): string {
  return String.fromCharCode(code >>> 8, code & 0xff);
}

const utf8 = new TextDecoder();

function organisation(bytes: Uint8Array, from: number, to: number): string {
  if (to - from >= 2 && bytes[from] === QUOTE && bytes[to - 1] === QUOTE) {
    return utf8.decode(bytes.subarray(from + 1, to - 1)).replaceAll('""', '"');
  }
  return utf8.decode(bytes.subarray(from, to));
}

type ValueReader = (bytes: Uint8Array, cuts: Cuts) => number | undefined;
type Source = Uint8Array | Chunks;

function buildIpv4(source: Source, file: string, readValue: ValueReader): RangeTable {
  let builder = new RangeTableBuilder(1);
  const begin = (rows: number) => {
    builder = new RangeTableBuilder(1, rows);
  };
  readRows(source, file, begin, (bytes, cuts, line) => {
    const start = decimal(bytes, cuts[0] ?? 0, cuts[1] ?? 0);
    const end = decimal(bytes, cuts[2] ?? 0, cuts[3] ?? 0);
    const value = readValue(bytes, cuts);
    if (Number.isNaN(start) || Number.isNaN(end) || start > 0xffffffff || end > 0xffffffff) {
      throw new CsvRowError(file, line, 'bad IPv4 number');
    }
    if (value === undefined) throw new CsvRowError(file, line, 'bad value');
    if (!builder.add4(start, end, value)) throw new CsvRowError(file, line, 'range ends before it starts');
  });
  return builder.build();
}

function buildIpv6(source: Source, file: string, readValue: ValueReader): RangeTable {
  let builder = new RangeTableBuilder(4);
  const begin = (rows: number) => {
    builder = new RangeTableBuilder(4, rows);
  };
  const start = new Uint32Array(4);
  const end = new Uint32Array(4);
  readRows(source, file, begin, (bytes, cuts, line) => {
    const parsed =
      ipv6FromCodes(bytes, cuts[0] ?? 0, cuts[1] ?? 0, start) &&
      ipv6FromCodes(bytes, cuts[2] ?? 0, cuts[3] ?? 0, end);
    const value = readValue(bytes, cuts);
    if (!parsed) throw new CsvRowError(file, line, 'bad IPv6 address');
    if (value === undefined) throw new CsvRowError(file, line, 'bad value');
    if (!builder.add(start, end, value)) throw new CsvRowError(file, line, 'range ends before it starts');
  });
  return builder.build();
}

/** `ip_range_start,ip_range_end,country_code`; values are codes packed by two letters (see countryName). */
export function readCountryCsv(source: Source, file: string, version: 4 | 6): RangeTable {
  const readValue: ValueReader = (bytes, cuts) => countryCode(bytes, cuts[4] ?? 0, cuts[5] ?? 0);
  return version === 4 ? buildIpv4(source, file, readValue) : buildIpv6(source, file, readValue);
}

/** `ip_range_start,ip_range_end,as_number,as_organization`; names go to `orgs`, the first seen per ASN. */
export function readAsnCsv(
  source: Source,
  file: string,
  version: 4 | 6,
  orgs: Map<number, string>,
): RangeTable {
  const readValue: ValueReader = (bytes, cuts) => {
    const asn = decimal(bytes, cuts[4] ?? 0, cuts[5] ?? 0);
    if (Number.isNaN(asn) || asn > 0xffffffff) return undefined;
    const orgFrom = cuts[6] ?? 0;
    const orgTo = cuts[7] ?? 0;
    if (orgTo > orgFrom && !orgs.has(asn)) orgs.set(asn, organisation(bytes, orgFrom, orgTo));
    return asn;
  };
  return version === 4 ? buildIpv4(source, file, readValue) : buildIpv6(source, file, readValue);
}
