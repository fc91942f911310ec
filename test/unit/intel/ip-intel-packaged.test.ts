// Reads the shipped @ip-location-db data from node_modules (no network): well-known, long-stable owners.
import { describe, expect, it } from 'vitest';
import { packagedIpData } from '../../../src/intel/ip-data.js';
import { createIpIntel } from '../../../src/intel/ip-intel.js';

describe('createIpIntel with the packaged data', () => {
  const intel = createIpIntel();

  it('names both packages with their version and data date', () => {
    expect(intel.dataVersion).toMatch(
      /^@ip-location-db\/asn@[\d.]+ \(\d{4}-\d{2}-\d{2}\), @ip-location-db\/geo-whois-asn-country@[\d.]+ \(\d{4}-\d{2}-\d{2}\)$/,
    );
  });

  it("when the address is Google's resolver, answers AS15169 in the US", () => {
    expect(intel.lookup('8.8.8.8')).toMatchObject({
      kind: 'public',
      asn: 15169,
      asOrg: expect.stringMatching(/google/i),
      country: 'US',
      network: 'AS15169',
      isAws: false,
    });
  });

  it("when the address is Cloudflare's resolver, answers AS13335", () => {
    expect(intel.lookup('1.1.1.1')).toMatchObject({
      asn: 13335,
      asOrg: expect.stringMatching(/cloudflare/i),
    });
  });

  it('when the address is an AWS one, answers AS16509 and marks it as AWS', () => {
    expect(intel.lookup('52.94.76.1')).toMatchObject({
      kind: 'public',
      asn: 16509,
      network: 'AS16509',
      isAws: true,
    });
    expect(intel.lookup('52.94.76.1').asOrg).toMatch(/amazon/i);
  });

  it('looks up IPv6 addresses too', () => {
    expect(intel.lookup('2001:4860:4860::8888')).toMatchObject({ asn: 15169, country: 'US' });
    expect(intel.lookup('2606:4700:4700::1111')).toMatchObject({ asn: 13335 });
    expect(intel.lookup('2600:1f18::1')).toMatchObject({ asn: 14618, isAws: true });
  });

  it('builds every table from the shipped files without a damaged row', () => {
    const data = packagedIpData.load();
    for (const version of [4, 6] as const) {
      expect(data.asnTable(version).size).toBeGreaterThan(50_000);
      expect(data.countryTable(version).size).toBeGreaterThan(50_000);
    }
  });
});
