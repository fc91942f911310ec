/** Addresses that never belong to an ISP or a country: classified before any database lookup. */
import type { Ipv6Words } from './ip-address.js';

export type SpecialKind = 'private' | 'loopback' | 'link-local' | 'cgnat' | 'documentation' | 'invalid';

interface Ipv4Range {
  base: number;
  bits: number;
  kind: SpecialKind;
}

const v4 = (dotted: string, bits: number, kind: SpecialKind): Ipv4Range => {
  const base = dotted.split('.').reduce((value, octet) => value * 256 + Number(octet), 0);
  return { base, bits, kind };
};

// IANA special-purpose registry (RFC 6890 and successors), narrowed to what a CloudTrail source can be.
// 'invalid' marks addresses that cannot be the source of an API call at all.
const IPV4_SPECIAL: readonly Ipv4Range[] = [
  v4('0.0.0.0', 8, 'invalid'), // "this network"
  v4('10.0.0.0', 8, 'private'), // RFC 1918
  v4('100.64.0.0', 10, 'cgnat'), // RFC 6598
  v4('127.0.0.0', 8, 'loopback'),
  v4('169.254.0.0', 16, 'link-local'),
  v4('172.16.0.0', 12, 'private'), // RFC 1918
  v4('192.0.2.0', 24, 'documentation'), // TEST-NET-1, RFC 5737
  v4('192.168.0.0', 16, 'private'), // RFC 1918
  v4('198.18.0.0', 15, 'private'), // RFC 2544 benchmarking: lab networks, never routed
  v4('198.51.100.0', 24, 'documentation'), // TEST-NET-2
  v4('203.0.113.0', 24, 'documentation'), // TEST-NET-3
  v4('224.0.0.0', 4, 'invalid'), // multicast
  v4('240.0.0.0', 4, 'invalid'), // reserved, and 255.255.255.255
];

export function classifyIpv4(value: number): SpecialKind | undefined {
  for (const range of IPV4_SPECIAL) {
    const shift = 32 - range.bits;
    if (Math.floor(value / 2 ** shift) === Math.floor(range.base / 2 ** shift)) return range.kind;
  }
  return undefined;
}

export function classifyIpv6(words: Ipv6Words): SpecialKind | undefined {
  const [w0, w1, w2, w3] = words;
  const top16 = w0 >>> 16;
  if (w0 === 0 && w1 === 0 && w2 === 0) {
    if (w3 === 1) return 'loopback'; // ::1
    if (w3 === 0) return 'invalid'; // :: unspecified
  }
  if ((top16 & 0xffc0) === 0xfe80) return 'link-local'; // fe80::/10
  if ((top16 & 0xfe00) === 0xfc00) return 'private'; // fc00::/7 unique local, RFC 4193
  if (w0 === 0x20010db8) return 'documentation'; // 2001:db8::/32, RFC 3849
  if (w0 >>> 12 === 0x3fff0) return 'documentation'; // 3fff::/20, RFC 9637
  if (top16 >>> 8 === 0xff) return 'invalid'; // ff00::/8 multicast
  return undefined;
}

/** CloudTrail's name for a call an AWS service made from inside AWS, with no address. */
export const AWS_INTERNAL = 'AWS Internal';

// sourceIPAddress of a call an AWS service made on a principal's behalf: "ec2.amazonaws.com",
// "cloudformation.amazonaws.com", and in the China regions "….amazonaws.com.cn".
const AWS_SERVICE_NAME = /^[a-z0-9-]+(?:\.[a-z0-9-]+)*\.amazonaws\.com(?:\.cn)?$/i;

export function isAwsServiceName(text: string): boolean {
  return text.length <= 253 && AWS_SERVICE_NAME.test(text);
}
