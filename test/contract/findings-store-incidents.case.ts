/** Contract: findings group into incidents per principal, or per access key when there is one. */
import { describe, expect, it } from 'vitest';
import type { Fresh } from './findings-store.case.js';
import { ALICE, at, BOB, burst, eventIds, HOUR, KEY_ONE, KEY_TWO } from './findings-store.fixtures.js';

const SIX_HOURS_IN_MINUTES = 6 * 60;

export function incidentCases(fresh: Fresh): void {
  describe('incidents', () => {
    it('when a second finding for the same principal comes within six hours, joins its incident and raises count, severity and categories', async () => {
      const { store } = await fresh();
      const first = burst({ category: 'access-key-activity', severity: 'medium', from: 0, to: 10 });
      const second = burst({
        detector: 'cloudtrail-logging-stopped',
        category: 'defense-evasion',
        severity: 'critical',
        eventIds: eventIds(2, 2),
        from: 10 + SIX_HOURS_IN_MINUTES - 1,
      });
      const [opened] = await store.upsert([first]);
      const [joined] = await store.upsert([second]);
      expect(joined).toMatchObject({
        status: 'created',
        incident: { id: opened?.incident.id, status: 'joined' },
      });
      expect(await store.getIncident(opened?.incident.id as string)).toEqual({
        id: opened?.incident.id,
        key: `principal:${ALICE}`,
        principal: first.principal,
        accountId: '123456789012',
        status: 'open',
        openedAt: opened?.finding.storedAt,
        firstSeen: at(0),
        lastSeen: second.lastSeen,
        findingIds: [first.id, second.id],
        count: 2,
        unresolved: 2,
        severity: 'critical',
        categories: ['access-key-activity', 'defense-evasion'],
        bySeverity: { [first.severity]: 1, [second.severity]: 1 },
      });
    });

    it('when a finding comes more than six hours after the incident last saw one, opens a new incident, which the next one joins', async () => {
      const { store } = await fresh();
      const [first] = await store.upsert([burst({ from: 0, to: 10 })]);
      const late = 10 + SIX_HOURS_IN_MINUTES + 1;
      const [second] = await store.upsert([burst({ eventIds: eventIds(2, 2), from: late })]);
      const [third] = await store.upsert([burst({ eventIds: eventIds(3, 3), from: late + 30 })]);
      expect(second?.incident.status).toBe('opened');
      expect(second?.incident.id).not.toBe(first?.incident.id);
      expect(third?.incident).toEqual({ id: second?.incident.id, status: 'joined' });
      expect((await store.listIncidents()).map((incident) => incident.count)).toEqual([2, 1]);
    });

    it('uses the configured window: with one hour, a finding two hours later opens a new incident', async () => {
      const { store } = await fresh({ incidentWindowMs: HOUR });
      await store.upsert([burst({ from: 0 })]);
      const [later] = await store.upsert([burst({ eventIds: eventIds(2, 2), from: 120 })]);
      expect(later?.incident.status).toBe('opened');
    });

    it('groups by access key when there is one: the same user with two keys (and none) makes three incidents', async () => {
      const { store } = await fresh();
      const results = await store.upsert([
        burst({ accessKeyId: KEY_ONE, eventIds: eventIds(1, 1), from: 0 }),
        burst({ accessKeyId: KEY_TWO, eventIds: eventIds(2, 2), from: 1 }),
        burst({ accessKeyId: KEY_ONE, eventIds: eventIds(3, 3), from: 2, detector: 'iam-user-created' }),
        burst({ eventIds: eventIds(4, 4), from: 3 }),
      ]);
      expect(results.map((result) => result.incident.status)).toEqual([
        'opened',
        'opened',
        'joined',
        'opened',
      ]);
      expect(results[2]?.incident.id).toBe(results[0]?.incident.id);
      expect(await store.getIncident(results[0]?.incident.id as string)).toMatchObject({
        key: `access-key:${KEY_ONE}`,
        accessKeyId: KEY_ONE,
        count: 2,
      });
      expect(await store.getIncident(results[3]?.incident.id as string)).toMatchObject({
        key: `principal:${ALICE}`,
        count: 1,
      });
    });

    it('keeps principals apart: two users acting in the same minute make two incidents', async () => {
      const { store } = await fresh();
      const [alice, bob] = await store.upsert([burst(), burst({ principalArn: BOB })]);
      expect([alice?.incident.status, bob?.incident.status]).toEqual(['opened', 'opened']);
      expect(alice?.incident.id).not.toBe(bob?.incident.id);
    });

    it('when every finding of an incident is resolved or a false positive, closes it, and the next finding opens a new one', async () => {
      const { store } = await fresh();
      const [first, second] = await store.upsert([burst(), burst({ eventIds: eventIds(2, 2), from: 5 })]);
      const incidentId = first?.incident.id as string;
      await store.resolve(first?.finding.id as string, { by: 'U012AB3CD' });
      expect(await store.getIncident(incidentId)).toMatchObject({ status: 'open', unresolved: 1 });
      await store.markFalsePositive(second?.finding.id as string, { by: 'U012AB3CD', reason: 'pentest' });
      expect(await store.getIncident(incidentId)).toMatchObject({
        status: 'closed',
        unresolved: 0,
        count: 2,
      });
      expect(await store.listIncidents({ open: true })).toEqual([]);
      const [next] = await store.upsert([burst({ eventIds: eventIds(3, 3), from: 10 })]);
      expect(next?.incident.status).toBe('opened');
      expect((await store.listIncidents({ open: true })).map((incident) => incident.id)).toEqual([
        next?.incident.id,
      ]);
    });

    it('lists incidents newest first, the open ones alone when asked', async () => {
      const { store } = await fresh();
      const [older, newer] = await store.upsert([
        burst({ principalArn: BOB, from: 0 }),
        burst({ from: 30, eventIds: eventIds(2, 2) }),
      ]);
      await store.resolve(older?.finding.id as string, { by: 'U012AB3CD' });
      expect((await store.listIncidents()).map((incident) => incident.id)).toEqual([
        newer?.incident.id,
        older?.incident.id,
      ]);
      expect((await store.listIncidents({ open: true })).map((incident) => incident.id)).toEqual([
        newer?.incident.id,
      ]);
    });
  });
}
