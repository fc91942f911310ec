import { describe, expect, it } from 'vitest';
import { concurrentKeyUse } from '../../../src/detectors/concurrent-key-use.js';
import {
  at,
  detectWith,
  fakeIntel,
  keyCall,
  ROUTINE_DAYS,
  routineHistory,
} from '../../helpers/key-history.js';
import { detect, iamUser } from '../../helpers/records.js';

const later = (minute: number) => at(ROUTINE_DAYS, 14 * 60 + minute);

describe('concurrent-key-use', () => {
  it('when the key is used from the office and 5 minutes later from another network, raises a medium finding naming both', () => {
    const office = keyCall({ sourceIPAddress: '192.0.2.10', eventTime: later(0) });
    const other = keyCall({ sourceIPAddress: '203.0.113.66', eventTime: later(5) });
    const findings = detect(concurrentKeyUse, [...routineHistory(), office, other]);
    expect(findings).toHaveLength(1);
    const [finding] = findings;
    expect(finding?.category).toBe('unusual-source');
    expect(finding?.severity).toBe('medium');
    expect(finding?.eventIds).toEqual([other.eventID]);
    expect(finding?.summary).toContain(
      'from 203.0.113.0/24 at 203.0.113.66, 5 min after using 192.0.2.0/24 at 192.0.2.10',
    );
    expect(finding?.summary).toContain('never used this network');
  });

  it('when the two networks are in different countries, raises it to high', () => {
    const intel = fakeIntel({
      '198.51.100.10': { asn: 64501, country: 'DE' },
      '198.51.100.77': { asn: 64500, country: 'BR' },
    });
    const history = routineHistory({ ips: ['198.51.100.10'] });
    const home = keyCall({ sourceIPAddress: '198.51.100.10', eventTime: later(0) });
    const away = keyCall({ sourceIPAddress: '198.51.100.77', eventTime: later(3) });
    const [finding] = detectWith(concurrentKeyUse, [...history, home, away], { intel });
    expect(finding?.severity).toBe('high');
    expect(finding?.summary).toContain('AS64500 (BR)');
    expect(finding?.summary).toContain('AS64501 (DE)');
  });

  it('when the second network comes after the window (tuning.concurrentUseMinutes), stays quiet', () => {
    const office = keyCall({ sourceIPAddress: '192.0.2.10', eventTime: later(0) });
    const other = keyCall({ sourceIPAddress: '203.0.113.66', eventTime: later(30) });
    expect(detect(concurrentKeyUse, [...routineHistory(), office, other])).toEqual([]);
  });

  it('when a laptop moves between office and a VPN the key has used before, stays quiet', () => {
    const history = routineHistory({ ips: ['192.0.2.10', '198.51.100.5'] });
    const office = keyCall({ sourceIPAddress: '192.0.2.10', eventTime: later(0) });
    const vpn = keyCall({ sourceIPAddress: '198.51.100.5', eventTime: later(4) });
    expect(detect(concurrentKeyUse, [...history, office, vpn])).toEqual([]);
  });

  it('when both known networks are in different countries, ranks the switch low', () => {
    const intel = fakeIntel({
      '198.51.100.10': { asn: 64501, country: 'DE' },
      '198.51.100.5': { asn: 64502, country: 'US' },
    });
    const history = routineHistory({ ips: ['198.51.100.10', '198.51.100.5'] });
    const office = keyCall({ sourceIPAddress: '198.51.100.10', eventTime: later(0) });
    const vpn = keyCall({ sourceIPAddress: '198.51.100.5', eventTime: later(4) });
    const [finding] = detectWith(concurrentKeyUse, [...history, office, vpn], { intel });
    expect(finding?.severity).toBe('low');
    expect(finding?.summary).toContain('has used both networks before');
  });

  it('when a temporary (ASIA) session changes networks, leaves it to other detectors', () => {
    const session = { userIdentity: iamUser('alice', 'ASIAEXAMPLETEMPKEY01') };
    const office = keyCall({ ...session, sourceIPAddress: '192.0.2.10', eventTime: later(0) });
    const other = keyCall({ ...session, sourceIPAddress: '203.0.113.66', eventTime: later(2) });
    expect(detect(concurrentKeyUse, [...routineHistory(), office, other])).toEqual([]);
  });
});
