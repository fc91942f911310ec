import { describe, expect, it } from 'vitest';
import { cidrReach, describePorts, portExposure, portRange } from '../../../src/detectors/network-rules.js';

describe('network-rules', () => {
  it('reads /0 (and very short prefixes) as the whole Internet', () => {
    expect(cidrReach('0.0.0.0/0')).toBe('world');
    expect(cidrReach('::/0')).toBe('world');
    expect(cidrReach('128.0.0.0/1')).toBe('world');
  });

  it('reads RFC 1918, 100.64/10, loopback and fc00::/7 as private', () => {
    for (const cidr of [
      '10.1.0.0/16',
      '172.20.0.0/16',
      '192.168.1.0/24',
      '100.64.5.0/24',
      '127.0.0.1/32',
      'fd12:3456::/48',
    ]) {
      expect(cidrReach(cidr)).toBe('private');
    }
  });

  it('reads other ranges as public, including 172.32/16 just outside RFC 1918', () => {
    expect(cidrReach('203.0.113.7/32')).toBe('public');
    expect(cidrReach('172.32.0.0/16')).toBe('public');
    expect(cidrReach('2001:db8::/32')).toBe('public');
  });

  it('ranks port ranges: all, sensitive, web, icmp, other', () => {
    expect(portExposure(portRange('-1', undefined, undefined))).toBe('all');
    expect(portExposure(portRange('tcp', 0, 65535))).toBe('all');
    expect(portExposure(portRange('tcp', 22, 22))).toBe('sensitive');
    expect(portExposure(portRange('6', '3300', '3310'))).toBe('sensitive');
    expect(portExposure(portRange('tcp', 443, 443))).toBe('web');
    expect(portExposure(portRange('icmp', -1, -1))).toBe('icmp');
    expect(portExposure(portRange('tcp', 8080, 8080))).toBe('other');
  });

  it('describes ports the way a responder reads them', () => {
    expect(describePorts(portRange('tcp', 22, 22))).toBe('port 22/tcp (SSH)');
    expect(describePorts(portRange('6', 700, 702))).toBe('ports 700-702/tcp');
    expect(describePorts(portRange('-1', undefined, undefined))).toBe('all ports');
  });
});
