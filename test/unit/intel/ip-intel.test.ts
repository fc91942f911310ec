import { describe, expect, it } from 'vitest';
import { createIpIntel, type IpInfo } from '../../../src/intel/ip-intel.js';
import { fixtureData } from './ip-data-fixture.js';

// Public addresses with made-up owners from the private-use and documentation ASN ranges (RFC 5398/6996).
const fixture = () =>
  fixtureData(
    [
      { from: '81.2.69.0', to: '81.2.69.255', asn: 64500, country: 'GB' },
      { from: '52.94.0.0', to: '52.94.255.255', asn: 16509, country: 'US' },
      { from: '54.240.0.0', to: '54.240.255.255', asn: 14618, country: 'US' },
      { from: '5.6.7.0', to: '5.6.7.255', country: 'DE' },
      { from: '2a02:1000::', to: '2a02:1000:ffff:ffff:ffff:ffff:ffff:ffff', asn: 64501, country: 'FR' },
    ],
    { 64500: 'Example Broadband Ltd', 16509: 'Amazon.com, Inc.' },
  );

describe('createIpIntel', () => {
  it('when the address is public and known, gives its ASN, organisation, country and AS network', () => {
    const info = createIpIntel({ data: fixture() }).lookup('81.2.69.142');
    expect(info).toEqual({
      kind: 'public',
      asn: 64500,
      asOrg: 'Example Broadband Ltd',
      country: 'GB',
      network: 'AS64500',
      isAws: false,
    });
  });

  it('when the address belongs to AS16509 or AS14618, marks it as AWS', () => {
    const intel = createIpIntel({ data: fixture() });
    expect(intel.lookup('52.94.76.1')).toMatchObject({ asn: 16509, isAws: true, network: 'AS16509' });
    expect(intel.lookup('54.240.1.1')).toMatchObject({ asn: 14618, isAws: true });
    expect(intel.lookup('54.240.1.1').asOrg).toBeUndefined();
  });

  it('when no ASN is known, falls back to the /24 or /48 as the network', () => {
    const intel = createIpIntel({ data: fixture() });
    expect(intel.lookup('5.6.7.8')).toEqual({
      kind: 'public',
      country: 'DE',
      network: '5.6.7.0/24',
      isAws: false,
    });
    expect(intel.lookup('2a03:4:5:6::1')).toEqual({ kind: 'public', network: '2a03:4:5::/48', isAws: false });
  });

  it('looks up IPv6 addresses, and IPv4-mapped IPv6 as the IPv4 address', () => {
    const intel = createIpIntel({ data: fixture() });
    expect(intel.lookup('2a02:1000:0:1::7')).toMatchObject({ kind: 'public', asn: 64501, country: 'FR' });
    expect(intel.lookup('::ffff:81.2.69.142')).toMatchObject({ asn: 64500, country: 'GB' });
  });

  it.each<[string, IpInfo['kind']]>([
    ['10.1.2.3', 'private'],
    ['172.31.255.1', 'private'],
    ['192.168.0.10', 'private'],
    ['fd12:3456:789a::1', 'private'],
    ['127.0.0.1', 'loopback'],
    ['::1', 'loopback'],
    ['169.254.169.254', 'link-local'],
    ['fe80::1ff:fe23:4567:890a%eth0', 'link-local'],
    ['100.64.0.1', 'cgnat'],
    ['100.127.255.254', 'cgnat'],
    ['::ffff:10.0.0.1', 'private'],
  ])('classifies %s as %s without a country and without opening the data', (address, kind) => {
    const data = fixtureData(
      [{ from: '0.0.0.0', to: '255.255.255.255', asn: 64500, country: 'GB' }],
      {},
      {
        broken: true,
      },
    );
    const info = createIpIntel({ data }).lookup(address);
    expect(info).toEqual({ kind, network: kind, isAws: false });
    expect(data.loads).toBe(0);
  });

  it.each([
    ['192.0.2.10', '192.0.2.0/24'],
    ['198.51.100.7', '198.51.100.0/24'],
    ['203.0.113.200', '203.0.113.0/24'],
    ['2001:db8:1::5', '2001:db8:1::/48'],
  ])(
    'classifies %s as documentation, its own network %s, with no country and no data opened',
    (address, network) => {
      const data = fixtureData(
        [{ from: '0.0.0.0', to: '255.255.255.255', asn: 64500, country: 'GB' }],
        {},
        { broken: true },
      );
      expect(createIpIntel({ data }).lookup(address)).toEqual({
        kind: 'documentation',
        network,
        isAws: false,
      });
      expect(data.loads).toBe(0);
    },
  );

  it('keeps the edges of the special ranges: the neighbours are public', () => {
    const intel = createIpIntel({ data: fixture() });
    for (const address of [
      '172.32.0.1',
      '100.63.255.255',
      '100.128.0.0',
      '192.0.3.1',
      '11.0.0.1',
      'fec0::1',
    ]) {
      expect(intel.lookup(address).kind, address).toBe('public');
    }
  });

  it('when an AWS service made the call, names the service as the network and marks it as AWS', () => {
    const intel = createIpIntel({ data: fixtureData([], {}, { broken: true }) });
    expect(intel.lookup('ec2.amazonaws.com')).toEqual({
      kind: 'aws-service',
      network: 'aws-service:ec2.amazonaws.com',
      isAws: true,
    });
    expect(intel.lookup('cloudformation.amazonaws.com.cn').network).toBe(
      'aws-service:cloudformation.amazonaws.com.cn',
    );
    expect(intel.lookup('AWS Internal')).toEqual({
      kind: 'aws-internal',
      network: 'aws-internal',
      isAws: true,
    });
  });

  it.each([
    '',
    'not an ip',
    'amazonaws.com',
    'evil.amazonaws.com.attacker.example',
    '999.1.1.1',
    '1.2.3.4:443',
    '::g',
    '224.0.0.1',
    '255.255.255.255',
    '0.0.0.0',
    '::',
    'ff02::1',
    'x'.repeat(10_000),
  ])('when sourceIPAddress is %j, answers invalid rather than throwing', (text) => {
    const info = createIpIntel({ data: fixture() }).lookup(text);
    expect(info).toEqual({ kind: 'invalid', network: 'invalid', isAws: false });
  });

  it('when given a non-string at run time, answers invalid', () => {
    const intel = createIpIntel({ data: fixture() });
    expect(intel.lookup(undefined as unknown as string).kind).toBe('invalid');
    expect(intel.lookup(42 as unknown as string).kind).toBe('invalid');
  });

  it('loads the data on the first public lookup, once, and not at creation', () => {
    const data = fixture();
    const intel = createIpIntel({ data });
    expect(data.loads).toBe(0);
    intel.lookup('81.2.69.1');
    intel.lookup('81.2.69.2');
    intel.lookup('2a02:1000::1');
    expect(data.loads).toBe(1);
    expect(intel.dataVersion).toBe('fixture@1 (2026-01-01)');
  });

  it('answers a repeated address from the cache with the same frozen object', () => {
    const intel = createIpIntel({ data: fixture() });
    const first = intel.lookup('81.2.69.142');
    expect(intel.lookup('81.2.69.142')).toBe(first);
    expect(Object.isFrozen(first)).toBe(true);
  });

  it('when the cache is full, forgets the oldest address first', () => {
    const intel = createIpIntel({ data: fixture(), cacheSize: 2 });
    const a = intel.lookup('81.2.69.1');
    const b = intel.lookup('81.2.69.2');
    intel.lookup('81.2.69.3'); // evicts a, the oldest
    expect(intel.lookup('81.2.69.2')).toBe(b);
    const aAgain = intel.lookup('81.2.69.1');
    expect(aAgain).not.toBe(a);
    expect(aAgain).toEqual(a);
  });
});
