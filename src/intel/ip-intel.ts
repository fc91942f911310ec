/** Offline IP intelligence for a CloudTrail sourceIPAddress: kind, ASN, organisation, country, network. */

import { type Ipv6Words, ipv4Prefix24, ipv6Prefix48, parseIp } from './ip-address.js';
import { type IpData, type IpDataSource, packagedIpData } from './ip-data.js';
import { countryName } from './ip-data-csv.js';
import { AWS_INTERNAL, classifyIpv4, classifyIpv6, isAwsServiceName } from './special-ranges.js';

export type IpKind =
  | 'public'
  | 'private'
  | 'loopback'
  | 'link-local'
  | 'cgnat'
  | 'documentation'
  | 'aws-service'
  | 'aws-internal'
  | 'invalid';

export interface IpInfo {
  kind: IpKind;
  /** e.g. 16509 */
  asn?: number;
  /** e.g. "AMAZON-02" */
  asOrg?: string;
  /** ISO 3166-1 alpha-2 */
  country?: string;
  /** A stable "network" label a baseline can remember: `AS16509` when the ASN is known, else the /24 (IPv4) or /48 (IPv6) prefix, else the kind (e.g. 'private', 'aws-service:ec2.amazonaws.com'). */
  network: string;
  /** True when the address belongs to AWS itself (ASN 16509/14618 or AWS service name), so "new country" must not fire on it. */
  isAws: boolean;
}

export interface IpIntel {
  lookup(sourceIPAddress: string): IpInfo;
  /** e.g. package name@version + data date */
  readonly dataVersion: string;
}

export interface IpIntelOptions {
  /** Distinct sourceIPAddress strings remembered; the oldest is dropped first. */
  cacheSize?: number;
  /** Defaults to the packaged ip-location-db data, loaded on the first lookup that needs it. */
  data?: IpDataSource;
}

// AMAZON-02 (most of EC2 and the service endpoints) and AMAZON-AES (us-east-1's older EC2 ranges).
export const AWS_ASNS: ReadonlySet<number> = new Set([16509, 14618]);

const DEFAULT_CACHE_SIZE = 20_000;
// Longer than any IPv6 literal with a zone or any AWS service name: junk, answered without caching.
const MAX_INPUT_LENGTH = 255;

const INVALID: IpInfo = Object.freeze({ kind: 'invalid', network: 'invalid', isAws: false });
const INTERNAL: IpInfo = Object.freeze({ kind: 'aws-internal', network: 'aws-internal', isAws: true });

/**
 * Documentation ranges stand in for internet addresses in redacted logs, tests and the bundled sample,
 * so each /24 (/48) is its own network there; the other special kinds are one network each.
 */
function special(kind: IpInfo['kind'], prefix: string): IpInfo {
  return Object.freeze({ kind, network: kind === 'documentation' ? prefix : kind, isAws: false });
}

function publicInfo(data: IpData, key: ArrayLike<number>, version: 4 | 6, prefix: string): IpInfo {
  const found = data.asnTable(version).find(key);
  const asn = found === undefined || found === 0 ? undefined : found; // AS0: not routed (RFC 7607)
  const code = data.countryTable(version).find(key);
  const asOrg = asn === undefined ? undefined : data.asOrg(asn);
  return Object.freeze({
    kind: 'public',
    ...(asn === undefined ? {} : { asn }),
    ...(asOrg ? { asOrg } : {}),
    ...(code === undefined ? {} : { country: countryName(code) }),
    network: asn === undefined ? prefix : `AS${asn}`,
    isAws: asn !== undefined && AWS_ASNS.has(asn),
  });
}

function classify(text: string, data: () => IpData): IpInfo {
  if (text === AWS_INTERNAL) return INTERNAL;
  const ip = parseIp(text);
  if (ip === undefined) {
    if (!isAwsServiceName(text)) return INVALID;
    const name = text.toLowerCase();
    return Object.freeze({ kind: 'aws-service', network: `aws-service:${name}`, isAws: true });
  }
  if (ip.version === 4) {
    const kind = classifyIpv4(ip.value);
    return kind
      ? special(kind, ipv4Prefix24(ip.value))
      : publicInfo(data(), [ip.value], 4, ipv4Prefix24(ip.value));
  }
  const words: Ipv6Words = ip.words;
  const kind = classifyIpv6(words);
  return kind ? special(kind, ipv6Prefix48(words)) : publicInfo(data(), words, 6, ipv6Prefix48(words));
}

export function createIpIntel(options: IpIntelOptions = {}): IpIntel {
  const source = options.data ?? packagedIpData;
  const cacheSize = Math.max(0, Math.floor(options.cacheSize ?? DEFAULT_CACHE_SIZE));
  // A Map keeps insertion order, so its first key is the oldest entry.
  const cache = new Map<string, IpInfo>();
  let data: IpData | undefined;
  const loaded = () => {
    data ??= source.load();
    return data;
  };

  return {
    get dataVersion() {
      return source.version;
    },
    lookup(sourceIPAddress: string): IpInfo {
      if (typeof sourceIPAddress !== 'string' || sourceIPAddress.length > MAX_INPUT_LENGTH) return INVALID;
      const hit = cache.get(sourceIPAddress);
      // First in, first out: re-inserting on every hit cost more than the rare re-lookup it saves.
      if (hit !== undefined) return hit;
      const info = classify(sourceIPAddress, loaded);
      if (cacheSize > 0) {
        if (cache.size >= cacheSize) cache.delete(cache.keys().next().value as string);
        cache.set(sourceIPAddress, info);
      }
      return info;
    },
  };
}
