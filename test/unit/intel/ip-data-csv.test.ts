import { describe, expect, it } from 'vitest';
import { CsvRowError, countryName, readAsnCsv, readCountryCsv } from '../../../src/intel/ip-data-csv.js';

const bytes = (text: string) => Buffer.from(text, 'utf8');

describe('ip-location-db CSV reading', () => {
  it('reads numeric IPv4 ASN rows and keeps quoted organisation names whole', () => {
    const orgs = new Map<number, string>();
    const table = readAsnCsv(
      bytes('16777216,16777471,13335,"Cloudflare, Inc."\r\n35309568,35313663,201907,"LLC ""SPUTNIK"""\n'),
      'asn.csv',
      4,
      orgs,
    );
    expect(table.find([16777216 + 8])).toBe(13335);
    expect(table.find([35309568])).toBe(201907);
    expect(orgs.get(13335)).toBe('Cloudflare, Inc.');
    expect(orgs.get(201907)).toBe('LLC "SPUTNIK"');
  });

  it('keeps non-ASCII organisation names intact', () => {
    const orgs = new Map<number, string>();
    readAsnCsv(bytes('1,2,64500,Telefônica Brasil S.A\n3,4,64501,\n'), 'asn.csv', 4, orgs);
    expect(orgs.get(64500)).toBe('Telefônica Brasil S.A');
    expect(orgs.has(64501)).toBe(false);
  });

  it('reads IPv6 text rows', () => {
    const table = readCountryCsv(bytes('2001:200::,2001:200:ffff:ffff:ffff:ffff:ffff:ffff,JP\n'), 'c.csv', 6);
    const code = table.find([0x20010200, 0x00010000, 0, 0]);
    expect(code === undefined ? undefined : countryName(code)).toBe('JP');
  });

  it('when a row is damaged, names the file and line', () => {
    const read = () => readCountryCsv(bytes('1,2,US\n3,x,DE\n'), 'country.csv', 4);
    expect(read).toThrow(CsvRowError);
    expect(read).toThrow('country.csv:2: bad IPv4 number');
    expect(() => readCountryCsv(bytes('1,2,usa\n'), 'c.csv', 4)).toThrow('c.csv:1: bad value');
    expect(() => readCountryCsv(bytes('1,2\n'), 'c.csv', 4)).toThrow('c.csv:1: fewer than 3 fields');
    expect(() => readCountryCsv(bytes('5,2,US\n'), 'c.csv', 4)).toThrow('ends before it starts');
    expect(() => readCountryCsv(bytes('2001::,zz::,US\n'), 'c.csv', 6)).toThrow('bad IPv6 address');
  });
});
