/** Contract: lists (newest first, filtered, limited, capped) and expiry of everything stored. */
import { describe, expect, it } from 'vitest';
import type { Finding } from '../../src/findings/finding.js';
import type { Fresh } from './findings-store.case.js';
import { at, BOB, burst, eventIds } from './findings-store.fixtures.js';

const ids = (findings: { id: string }[]) => findings.map((finding) => finding.id);

/** Four findings, oldest first: alice's medium listing, bob's high, alice's critical trail stop, bob's low. */
function fourFindings(): [Finding, Finding, Finding, Finding] {
  return [
    burst({ eventIds: eventIds(1, 1), from: 0, severity: 'medium' }),
    burst({ eventIds: eventIds(2, 2), from: 10, severity: 'high', principalArn: BOB }),
    burst({
      eventIds: eventIds(3, 3),
      from: 20,
      severity: 'critical',
      detector: 'cloudtrail-logging-stopped',
      category: 'defense-evasion',
    }),
    burst({ eventIds: eventIds(4, 4), from: 30, severity: 'low', principalArn: BOB }),
  ];
}

export function queryCases(fresh: Fresh): void {
  describe('lists', () => {
    it('lists findings newest first by lastSeen, up to the limit', async () => {
      const { store } = await fresh();
      const [a, b, c, d] = fourFindings();
      await store.upsert([c, a, d, b]);
      expect(ids(await store.list())).toEqual(ids([d, c, b, a]));
      expect(ids(await store.list({ limit: 2 }))).toEqual(ids([d, c]));
    });

    it('filters by status, minimum severity, detector, principal and since, together or alone', async () => {
      const { store } = await fresh();
      const [a, b, c, d] = fourFindings();
      await store.upsert([a, b, c, d]);
      await store.acknowledge(b.id, { by: 'U012AB3CD' });
      expect(ids(await store.list({ severity: 'high' }))).toEqual(ids([c, b]));
      expect(ids(await store.list({ status: 'open' }))).toEqual(ids([d, c, a]));
      expect(ids(await store.list({ detector: 'cloudtrail-logging-stopped' }))).toEqual(ids([c]));
      expect(ids(await store.list({ principalArn: BOB }))).toEqual(ids([d, b]));
      expect(ids(await store.list({ since: at(10) }))).toEqual(ids([d, c, b]));
      expect(ids(await store.list({ principalArn: BOB, status: 'open', severity: 'low' }))).toEqual(ids([d]));
      expect(ids(await store.list({ principalArn: BOB, severity: 'critical' }))).toEqual([]);
    });

    it('walks past non-matching entries to fill the limit', async () => {
      const { store } = await fresh();
      const many = eventIds(1, 150).map((eventId, n) =>
        burst({ eventIds: [eventId], from: n, severity: n < 3 ? 'critical' : 'low' }),
      );
      await store.upsert(many);
      const critical = await store.list({ severity: 'critical', limit: 5 });
      expect(ids(critical)).toEqual(ids(many.slice(0, 3).reverse()));
    });

    it('keeps only the newest indexCap entries in each list', async () => {
      const { store } = await fresh({ indexCap: 3 });
      // Ten hours apart: five incidents too. The oldest finding is the only critical one.
      const findings = eventIds(1, 5).map((eventId, n) =>
        burst({ eventIds: [eventId], from: n * 600, severity: n === 0 ? 'critical' : 'low' }),
      );
      await store.upsert(findings);
      expect(ids(await store.list({ limit: 10 }))).toEqual(ids(findings.slice(2).reverse()));
      expect(await store.list({ severity: 'critical' })).toEqual([]);
      expect(await store.listIncidents({ limit: 10 })).toHaveLength(3);
      // Trimmed from the lists, still there by id until the ttl.
      expect(await store.get(findings[0]?.id as string)).toMatchObject({ severity: 'critical' });
    });

    it('refuses a limit below one and an unreadable since with findings_query_invalid', async () => {
      const { store } = await fresh();
      const invalid = { code: 'trailwatch_findings_query_invalid' };
      await expect(store.list({ limit: 0 })).rejects.toMatchObject(invalid);
      await expect(store.list({ since: 'last tuesday' })).rejects.toMatchObject(invalid);
      await expect(store.listIncidents({ limit: 1.5 })).rejects.toMatchObject(invalid);
    });
  });

  describe('expiry', () => {
    it('when the ttl passes with no change, forgets the finding, its fingerprint and its incident', async () => {
      const { store, elapse } = await fresh({ ttlMs: 100 });
      const [first] = await store.upsert([burst()]);
      await elapse(250);
      expect(await store.get(first?.finding.id as string)).toBeUndefined();
      expect(await store.getIncident(first?.incident.id as string)).toBeUndefined();
      expect(await store.list()).toEqual([]);
      expect(await store.listIncidents()).toEqual([]);
      const [again] = await store.upsert([burst()]);
      expect(again).toMatchObject({ status: 'created', incident: { status: 'opened' } });
    });

    it('refuses a ttl, window or cap that is not a positive number with findings_options_invalid', async () => {
      for (const options of [{ ttlMs: 0 }, { incidentWindowMs: -1 }, { indexCap: Number.NaN }]) {
        await expect(fresh(options)).rejects.toMatchObject({ code: 'trailwatch_findings_options_invalid' });
      }
    });
  });
}
