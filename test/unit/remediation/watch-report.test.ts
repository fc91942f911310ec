import { describe, expect, it } from 'vitest';
import { MAX_SOURCES, summariseWatch } from '../../../src/remediation/watch/watch-report.js';
import { iamUser, record, toEvent } from '../../helpers/records.js';

const at = (minute: number) => new Date(Date.parse('2026-03-02T10:00:00Z') + minute * 60_000).toISOString();
const event = (eventName: string, minute: number, ip = '203.0.113.10', errorCode?: string) =>
  toEvent(
    record({
      eventName,
      eventTime: at(minute),
      sourceIPAddress: ip,
      ...(errorCode ? { errorCode, errorMessage: 'no' } : {}),
    }),
  );

describe('summariseWatch', () => {
  it('groups calls that got through by source, busiest first, with the latest time and the most frequent calls first', () => {
    const summary = summariseWatch(
      [
        event('ListUsers', 1, '198.51.100.1'),
        event('GetCallerIdentity', 2),
        event('ListBuckets', 3),
        event('ListBuckets', 4),
      ],
      (ip) => (ip === '203.0.113.10' ? { network: '203.0.113.0/24', country: 'NL' } : undefined),
    );

    expect(summary.status).toBe('in-use');
    expect(summary.sources).toEqual([
      {
        ip: '203.0.113.10',
        network: '203.0.113.0/24',
        country: 'NL',
        calls: 3,
        lastAt: '2026-03-02T10:04:00.000Z',
        eventNames: ['ListBuckets', 'GetCallerIdentity'],
        accessKeyIds: ['AKIAIOSFODNN7EXAMPLE'],
      },
      {
        ip: '198.51.100.1',
        calls: 1,
        lastAt: '2026-03-02T10:01:00.000Z',
        eventNames: ['ListUsers'],
        accessKeyIds: ['AKIAIOSFODNN7EXAMPLE'],
      },
    ]);
    expect(summary.denied).toBeUndefined();
  });

  it('counts refused calls apart: denied when nothing got through; other errors still count as use', () => {
    const denied = summariseWatch([
      event('ListUsers', 1, '192.0.2.1', 'AccessDenied'),
      event('ListUsers', 2, '192.0.2.2', 'AccessDenied'),
    ]);
    const mixed = summariseWatch([
      event('GetUser', 1, '192.0.2.1', 'NoSuchEntity'),
      event('ListUsers', 2, '192.0.2.1', 'InvalidClientTokenId'),
    ]);

    expect(denied).toMatchObject({
      status: 'denied',
      sources: [],
      denied: { attempts: 2, lastAt: at(2), ips: ['192.0.2.1', '192.0.2.2'] },
    });
    expect(mixed.status).toBe('in-use');
    expect(mixed.sources[0]?.eventNames).toEqual(['GetUser']);
    expect(mixed.denied?.errorCodes).toEqual(['InvalidClientTokenId']);
  });

  it('is quiet with no events, and caps the sources it lists', () => {
    const many = Array.from({ length: MAX_SOURCES + 3 }, (_, i) =>
      toEvent(record({ eventTime: at(1), sourceIPAddress: `198.51.100.${i}`, userIdentity: iamUser() })),
    );

    expect(summariseWatch([])).toEqual({ status: 'quiet', sources: [], moreSources: 0 });
    expect(summariseWatch(many)).toMatchObject({ moreSources: 3 });
    expect(summariseWatch(many).sources).toHaveLength(MAX_SOURCES);
  });
});
