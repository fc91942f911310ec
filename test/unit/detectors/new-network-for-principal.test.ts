import { describe, expect, it } from 'vitest';
import { newNetworkForPrincipal } from '../../../src/detectors/new-network-for-principal.js';
import {
  at,
  detectWith,
  fakeIntel,
  KEY,
  keyCall,
  loud,
  ROUTINE_DAYS,
  routineHistory,
} from '../../helpers/key-history.js';
import { detect, iamUser, record } from '../../helpers/records.js';

const later = (minute = 14 * 60) => at(ROUTINE_DAYS, minute);

describe('new-network-for-principal', () => {
  it('when a key with office history calls from a new /24, raises a medium finding naming both networks', () => {
    const call = keyCall({ sourceIPAddress: '203.0.113.66', eventTime: later() });
    const findings = detect(newNetworkForPrincipal, [...routineHistory(), call]);
    expect(findings).toHaveLength(1);
    const [finding] = findings;
    expect(finding?.category).toBe('unusual-source');
    expect(finding?.severity).toBe('medium');
    expect(finding?.eventIds).toEqual([call.eventID]);
    expect(finding?.summary).toContain('new network, 203.0.113.0/24 at 203.0.113.66');
    expect(finding?.summary).toContain('seen before only from 192.0.2.0/24');
    expect(finding?.summary).toContain(`key ${KEY}`);
  });

  it('reports a network once: the calls after the first from it are known', () => {
    const calls = [0, 5, 10].map((minute) =>
      keyCall({ sourceIPAddress: '203.0.113.66', eventTime: later(14 * 60 + minute) }),
    );
    const [finding, ...rest] = detect(newNetworkForPrincipal, [...routineHistory(), ...calls]);
    expect(rest).toEqual([]);
    expect(finding?.eventIds).toEqual([calls[0]?.eventID]);
  });

  it('when the new network is in a country the principal never used, raises it to high', () => {
    const intel = fakeIntel({
      '198.51.100.10': { asn: 64501, country: 'DE' },
      '198.51.100.77': { asn: 64500, country: 'NL' },
    });
    const history = routineHistory({ ips: ['198.51.100.10'] });
    const call = keyCall({ sourceIPAddress: '198.51.100.77', eventTime: later() });
    const [finding] = detectWith(newNetworkForPrincipal, [...history, call], { intel });
    expect(finding?.severity).toBe('high');
    expect(finding?.summary).toContain('a new country and network, AS64500 (NL)');
    expect(finding?.summary).toContain('AS64501 (DE)');
  });

  it('when a person signs in to the console from a new network, raises a medium finding saying so', () => {
    const signIn = record({
      eventSource: 'signin.amazonaws.com',
      eventName: 'ConsoleLogin',
      eventType: 'AwsConsoleSignIn',
      userIdentity: iamUser(),
      sourceIPAddress: '198.51.100.23',
      responseElements: { ConsoleLogin: 'Success' },
      eventTime: later(),
    });
    const [finding] = detect(newNetworkForPrincipal, [...routineHistory(), signIn]);
    expect(finding?.severity).toBe('medium');
    expect(finding?.summary).toContain('signed in to the console from a new network');
  });

  it('when the new address is inside a known network, stays quiet', () => {
    const call = keyCall({ sourceIPAddress: '192.0.2.200', eventTime: later() });
    expect(detect(newNetworkForPrincipal, [...routineHistory(), call])).toEqual([]);
  });

  it('while the principal is learning, raises nothing loud', () => {
    const call = keyCall({ sourceIPAddress: '203.0.113.66', eventTime: at(1, 14 * 60) });
    expect(loud(detect(newNetworkForPrincipal, [...routineHistory({ days: 1 }), call]))).toEqual([]);
  });

  it('when the source is allowlisted, an AWS address or a service name, stays quiet', () => {
    const history = routineHistory();
    const allowed = keyCall({ sourceIPAddress: '203.0.113.66', eventTime: later() });
    expect(
      detectWith(newNetworkForPrincipal, [...history, allowed], {
        tuning: { allow: { cidrs: ['203.0.113.0/24'] } },
      }),
    ).toEqual([]);
    const intel = fakeIntel({ '198.51.100.9': { asn: 16509, country: 'US', isAws: true } });
    const aws = keyCall({ sourceIPAddress: '198.51.100.9', eventTime: later() });
    expect(detectWith(newNetworkForPrincipal, [...history, aws], { intel })).toEqual([]);
    const service = keyCall({ sourceIPAddress: 'lambda.amazonaws.com', eventTime: later() });
    expect(detect(newNetworkForPrincipal, [...history, service])).toEqual([]);
  });

  it('when the routine alone is scanned, raises nothing', () => {
    expect(detect(newNetworkForPrincipal, routineHistory({ days: 20 }))).toEqual([]);
  });
});
