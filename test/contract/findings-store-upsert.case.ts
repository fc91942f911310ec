/** Contract: upsert is idempotent by fingerprint, merges re-detections, and loses nothing under races. */
import { describe, expect, it } from 'vitest';
import { MAX_CITED_EVENTS } from '../../src/findings/grouper.js';
import type { Fresh } from './findings-store.case.js';
import { ALICE, at, burst, eventIds } from './findings-store.fixtures.js';

export function upsertCases(fresh: Fresh): void {
  describe('upsert', () => {
    it('when a finding is stored for the first time, answers created, keeps it open and opens an incident', async () => {
      const { store } = await fresh();
      const finding = burst();
      const [result] = await store.upsert([finding]);
      expect(result).toMatchObject({ status: 'created', incident: { status: 'opened' }, muted: false });
      expect(result?.finding).toMatchObject({ ...finding, status: 'open', incidentId: result?.incident.id });
      expect(await store.get(finding.id)).toEqual(result?.finding);
    });

    it('when the same finding is upserted five times, keeps exactly one and answers unchanged after the first', async () => {
      const { store } = await fresh();
      const finding = burst();
      const results = [];
      for (let time = 0; time < 5; time += 1) results.push(...(await store.upsert([finding])));
      expect(results.map((result) => result.status)).toEqual([
        'created',
        'unchanged',
        'unchanged',
        'unchanged',
        'unchanged',
      ]);
      expect(new Set(results.map((result) => result.incident.id)).size).toBe(1);
      expect((await store.list()).map((stored) => stored.id)).toEqual([finding.id]);
      expect(await store.getIncident(results[0]?.incident.id as string)).toMatchObject({ count: 1 });
    });

    it('when the same burst comes back with more events, merges them and answers updated', async () => {
      const { store } = await fresh();
      const first = burst({ eventIds: eventIds(1, 2), from: 0, to: 10, severity: 'medium' });
      const again = burst({ eventIds: [...eventIds(1, 1), ...eventIds(3, 3)], from: -5, to: 25 });
      again.severity = 'high';
      again.eventCount = 3;
      const [created] = await store.upsert([first]);
      const [updated] = await store.upsert([again]);
      expect(updated).toMatchObject({
        status: 'updated',
        incident: { id: created?.incident.id, status: 'joined' },
      });
      expect(await store.get(first.id)).toMatchObject({
        eventIds: eventIds(1, 3),
        eventCount: 3,
        firstSeen: at(-5),
        lastSeen: at(25),
        severity: 'high',
      });
      expect(await store.getIncident(created?.incident.id as string)).toMatchObject({
        count: 1,
        severity: 'high',
        firstSeen: at(-5),
        lastSeen: at(25),
      });
    });

    it('when a re-detection brings fewer events and a lower severity, keeps what is stored: unchanged', async () => {
      const { store } = await fresh();
      const [created] = await store.upsert([burst({ eventIds: eventIds(1, 4), to: 30, severity: 'high' })]);
      const [again] = await store.upsert([burst({ eventIds: eventIds(1, 2), to: 10, severity: 'low' })]);
      expect(again?.status).toBe('unchanged');
      expect(await store.get(created?.finding.id as string)).toEqual(created?.finding);
    });

    it('caps the merged eventIds as the grouper does, while eventCount counts every event', async () => {
      const { store } = await fresh();
      await store.upsert([burst({ eventIds: eventIds(1, 150) })]);
      const [merged] = await store.upsert([burst({ eventIds: [...eventIds(1, 1), ...eventIds(151, 250)] })]);
      expect(merged?.finding.eventIds).toHaveLength(MAX_CITED_EVENTS);
      expect(merged?.finding.eventIds.slice(0, 150)).toEqual(eventIds(1, 150));
      expect(merged?.finding.eventCount).toBe(250);
    });

    it('answers in the order given, yet stores the earliest first so it opens the incident', async () => {
      const { store } = await fresh();
      const later = burst({ detector: 'iam-user-created', eventIds: eventIds(9, 9), from: 60 });
      const earlier = burst({ eventIds: eventIds(1, 1), from: 0 });
      const [forLater, forEarlier] = await store.upsert([later, earlier]);
      expect(forLater).toMatchObject({ finding: { id: later.id }, incident: { status: 'joined' } });
      expect(forEarlier).toMatchObject({ finding: { id: earlier.id }, incident: { status: 'opened' } });
      const incident = await store.getIncident(forEarlier?.incident.id as string);
      expect(incident?.findingIds).toEqual([earlier.id, later.id]);
    });

    it('when one finding of a batch is malformed, refuses the whole batch before storing any', async () => {
      const { store } = await fresh();
      const broken = { ...burst({ eventIds: eventIds(2, 2) }), lastSeen: 'yesterday' };
      await expect(store.upsert([burst(), broken])).rejects.toMatchObject({
        code: 'trailwatch_finding_invalid',
      });
      expect(await store.list()).toEqual([]);
    });

    it('when a different fingerprint arrives under an id already stored, refuses it with finding_id_conflict', async () => {
      const { store } = await fresh();
      const stored = burst();
      await store.upsert([stored]);
      const impostor = { ...burst({ eventIds: eventIds(7, 7) }), id: stored.id };
      await expect(store.upsert([impostor])).rejects.toMatchObject({
        code: 'trailwatch_finding_id_conflict',
      });
      expect(await store.get(stored.id)).toMatchObject({ fingerprint: stored.fingerprint });
    });

    it('keeps text byte for byte: quotes, backslashes and non-ASCII survive and re-upsert as unchanged', async () => {
      const { store } = await fresh();
      const finding = burst({
        summary: 'alice (é, 日本, 🚀) ran "x\\y".',
        userAgents: ['Bot/1.0 "quoted" \\ é'],
      });
      await store.upsert([finding]);
      expect(await store.get(finding.id)).toMatchObject({
        summary: finding.summary,
        userAgents: finding.userAgents,
      });
      expect((await store.upsert([finding]))[0]?.status).toBe('unchanged');
    });
  });

  describe('racing writers', () => {
    it('when 20 overlapping upserts race from two clients, keeps one finding per fingerprint and exact counts', async () => {
      const { store, second } = await fresh();
      // Two bursts of alice's, each re-detected ten times; version n adds event n, so a lost merge loses it.
      const versions = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10].flatMap((n) => [
        burst({ eventIds: [...eventIds(1, 1), ...eventIds(n, n)], to: n }),
        burst({
          detector: 'iam-user-created',
          eventIds: [...eventIds(101, 101), ...eventIds(100 + n, 100 + n)],
          to: n,
        }),
      ]);
      const results = (
        await Promise.all(versions.map((version, n) => (n % 2 === 0 ? store : second).upsert([version])))
      ).flat();
      const [listed, iamCreated] = [
        burst(),
        burst({ detector: 'iam-user-created', eventIds: eventIds(101, 101) }),
      ];
      for (const id of [listed.id, iamCreated.id]) {
        expect(results.filter((r) => r.finding.id === id && r.status === 'created')).toHaveLength(1);
        expect(await store.get(id)).toMatchObject({ eventCount: 10, lastSeen: at(10) });
      }
      expect((await store.get(listed.id))?.eventIds.toSorted()).toEqual(eventIds(1, 10));
      expect((await store.get(iamCreated.id))?.eventIds.toSorted()).toEqual(eventIds(101, 110));
      expect(results.filter((r) => r.incident.status === 'opened')).toHaveLength(1);
      expect(new Set(results.map((r) => r.incident.id)).size).toBe(1);
      const incident = await second.getIncident(results[0]?.incident.id as string);
      expect(incident).toMatchObject({ count: 2, unresolved: 2, lastSeen: at(10) });
      expect(incident?.findingIds.toSorted()).toEqual([listed.id, iamCreated.id].toSorted());
      expect(await store.list({ principalArn: ALICE })).toHaveLength(2);
    });

    it('when one client acknowledges while another upserts more events, keeps both changes', async () => {
      const { store, second } = await fresh();
      const [created] = await store.upsert([burst({ eventIds: eventIds(1, 1) })]);
      const id = created?.finding.id as string;
      await Promise.all([
        store.acknowledge(id, { by: 'U012AB3CD' }),
        second.upsert([burst({ eventIds: eventIds(1, 5), to: 20 })]),
      ]);
      expect(await store.get(id)).toMatchObject({ status: 'acknowledged', eventCount: 5, lastSeen: at(20) });
    });
  });
}
