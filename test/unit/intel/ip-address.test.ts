import { describe, expect, it } from 'vitest';
import { ipv4Prefix24, ipv6Prefix48, parseIp, parseIpv6 } from '../../../src/intel/ip-address.js';

describe('parseIp', () => {
  it('reads a dotted IPv4 address as one unsigned number', () => {
    expect(parseIp('203.0.113.7')).toEqual({ version: 4, value: 0xcb007107 });
    expect(parseIp('255.255.255.255')).toEqual({ version: 4, value: 0xffffffff });
    expect(parseIp('0.0.0.0')).toEqual({ version: 4, value: 0 });
  });

  it.each([
    '1.2.3',
    '1.2.3.4.5',
    '256.1.1.1',
    '1.2.3.',
    '.1.2.3',
    '01.2.3.4',
    '1.2.3.4 ',
    '1..2.3',
    '1.2.3.4/24',
    '',
    '१.२.३.४',
  ])('refuses the malformed IPv4 text %j', (text) => {
    expect(parseIp(text)).toBeUndefined();
  });

  it('reads compressed, full and mixed-notation IPv6 into four words', () => {
    expect(parseIpv6('2001:db8::1')).toEqual([0x20010db8, 0, 0, 1]);
    expect(parseIpv6('2001:0DB8:0000:0000:0000:0000:0000:0001')).toEqual([0x20010db8, 0, 0, 1]);
    expect(parseIpv6('::')).toEqual([0, 0, 0, 0]);
    expect(parseIpv6('::1')).toEqual([0, 0, 0, 1]);
    expect(parseIpv6('fe80::')).toEqual([0xfe800000, 0, 0, 0]);
    expect(parseIpv6('1:2:3:4:5:6:7::')).toEqual([0x10002, 0x30004, 0x50006, 0x70000]);
    expect(parseIpv6('64:ff9b::192.0.2.33')).toEqual([0x0064ff9b, 0, 0, 0xc0000221]);
    expect(parseIpv6('fe80::1%eth0')).toEqual([0xfe800000, 0, 0, 1]);
  });

  it.each([
    ':',
    ':::',
    '1::2::3',
    ':1::',
    '1:2:3:4:5:6:7:8:9',
    '1:2:3:4:5:6:7',
    '1:2:3:4:5:6:7:8::',
    '12345::',
    'g::1',
    '1:2:3:4:5:6:7:1.2.3.4',
    '::1.2.3',
    'fe80::1%',
    '2001:db8::1:',
  ])('refuses the malformed IPv6 text %j', (text) => {
    expect(parseIp(text)).toBeUndefined();
  });

  it('treats an IPv4-mapped IPv6 address as the IPv4 address it carries', () => {
    expect(parseIp('::ffff:198.51.100.4')).toEqual({ version: 4, value: 0xc6336404 });
    expect(parseIp('::ffff:c633:6404')).toEqual({ version: 4, value: 0xc6336404 });
  });

  it('names the /24 and /48 an address belongs to', () => {
    expect(ipv4Prefix24(0xcb007107)).toBe('203.0.113.0/24');
    expect(ipv6Prefix48([0x20010db8, 0x00120034, 0, 1])).toBe('2001:db8:12::/48');
  });
});
