import { describe, expect, it } from 'vitest';
import { defineDetector } from '../../../src/detectors/detector.js';
import { assumedRole, detect, iamUser, minutesAfter, record } from '../../helpers/records.js';

const base = {
  title: 'test detector',
  description: 'Detects test signals.',
  category: 'data-exfiltration' as const,
  severity: 'medium' as const,
  attack: ['T1555.006'],
  falsePositives: ['tests'],
  runbook: ['look', 'act'],
  references: ['https://example.com'],
  events: ['GetSecretValue'],
};
const everyRead = defineDetector({
  meta: { id: 'every-read', ...base },
  match: (e) => ({ summary: `${e.eventName} read` }),
});
const bulkRead = defineDetector({
  meta: { id: 'bulk-read', ...base, threshold: { count: 3, windowMinutes: 10 } },
  match: (e) => ({ summary: 'secret read', distinct: String(e.requestParameters?.secretId) }),
});
const read = (minute: number, secretId = 's1', identity: Record<string, unknown> = iamUser()) =>
  record({
    eventName: 'GetSecretValue',
    eventSource: 'secretsmanager.amazonaws.com',
    eventTime: minutesAfter('2026-03-02T10:00:00Z', minute),
    requestParameters: { secretId },
    userIdentity: identity,
  });

describe('grouping signals into findings', () => {
  it('makes one finding per principal and burst, citing every event', () => {
    const events = [read(0), read(20), read(50)];
    const findings = detect(everyRead, events);
    expect(findings).toHaveLength(1);
    expect(findings[0]).toMatchObject({ eventCount: 3, eventIds: events.map((e) => e.eventID) });
    expect(findings[0]?.summary).toContain('3 events in all');
  });

  it('starts a new finding after a gap longer than the burst gap', () => {
    expect(detect(everyRead, [read(0), read(200)])).toHaveLength(2);
  });

  it('keeps principals apart', () => {
    const findings = detect(everyRead, [read(0), read(1, 's1', assumedRole())]);
    expect(findings.map((f) => f.principal.type).sort()).toEqual(['AssumedRole', 'IAMUser']);
  });

  it('raises a threshold detector only when enough distinct values fall in its window', () => {
    expect(detect(bulkRead, [read(0, 'a'), read(1, 'a'), read(2, 'b')])).toEqual([]);
    expect(detect(bulkRead, [read(0, 'a'), read(30, 'b'), read(60, 'c')])).toEqual([]);
    const events = [read(0, 'a'), read(1, 'b'), read(2, 'c'), read(3, 'd')];
    const [finding, ...rest] = detect(bulkRead, events);
    expect(rest).toEqual([]);
    expect(finding?.eventIds).toEqual(events.map((e) => e.eventID));
    expect(finding?.firstSeen).toBe('2026-03-02T10:00:00.000Z');
  });

  it('gives the same fingerprint to the same burst on a second run', () => {
    const events = [read(0), read(5)];
    expect(detect(everyRead, events)[0]?.fingerprint).toBe(detect(everyRead, events)[0]?.fingerprint);
  });
});
