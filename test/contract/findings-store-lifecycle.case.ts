/** Contract: the finding lifecycle (validated, idempotent per person) and mutes (stored, flagged, expiring). */
import { describe, expect, it } from 'vitest';
import { TrailwatchError } from '../../src/errors.js';
import { FindingTransitionError } from '../../src/findings/findings-store.js';
import type { Fresh } from './findings-store.case.js';
import { ALICE, BOB, burst, eventIds, HOUR } from './findings-store.fixtures.js';

const RESPONDER = 'U012AB3CD';
const OTHER_RESPONDER = 'U045EF6GH';

async function storedFinding(fresh: Fresh) {
  const harness = await fresh();
  const [result] = await harness.store.upsert([burst()]);
  return { ...harness, id: result?.finding.id as string };
}

export function lifecycleCases(fresh: Fresh): void {
  describe('lifecycle', () => {
    it('when a responder acknowledges a finding, records who and when, and lists it as acknowledged', async () => {
      const { store, id } = await storedFinding(fresh);
      const acknowledged = await store.acknowledge(id, { by: RESPONDER, at: '2024-05-02T03:00:00.000Z' });
      expect(acknowledged).toMatchObject({
        status: 'acknowledged',
        acknowledged: { by: RESPONDER, at: '2024-05-02T03:00:00.000Z' },
      });
      expect(await store.get(id)).toEqual(acknowledged);
      expect((await store.list({ status: 'acknowledged' })).map((finding) => finding.id)).toEqual([id]);
      expect(await store.list({ status: 'open' })).toEqual([]);
    });

    it('when the same person acknowledges twice (a double click), answers the finding unchanged', async () => {
      const { store, id, tick } = await storedFinding(fresh);
      const first = await store.acknowledge(id, { by: RESPONDER });
      tick(60_000);
      expect(await store.acknowledge(id, { by: RESPONDER })).toEqual(first);
    });

    it('when another person acknowledges an acknowledged finding, refuses with finding_already_handled naming the first', async () => {
      const { store, id } = await storedFinding(fresh);
      await store.acknowledge(id, { by: RESPONDER });
      const refusal = store.acknowledge(id, { by: OTHER_RESPONDER });
      await expect(refusal).rejects.toBeInstanceOf(FindingTransitionError);
      await expect(refusal).rejects.toMatchObject({
        code: 'trailwatch_finding_already_handled',
        message: expect.stringContaining(RESPONDER),
      });
    });

    it('when a finding is resolved, refuses to acknowledge it afterwards with finding_transition_refused', async () => {
      const { store, id } = await storedFinding(fresh);
      await store.acknowledge(id, { by: RESPONDER });
      const resolved = await store.resolve(id, { by: OTHER_RESPONDER, reason: 'key rotated' });
      expect(resolved).toMatchObject({
        status: 'resolved',
        acknowledged: { by: RESPONDER },
        closed: { by: OTHER_RESPONDER, reason: 'key rotated' },
      });
      const refusal = store.acknowledge(id, { by: RESPONDER });
      await expect(refusal).rejects.toBeInstanceOf(TrailwatchError);
      await expect(refusal).rejects.toMatchObject({
        code: 'trailwatch_finding_transition_refused',
        from: 'resolved',
        to: 'acknowledged',
      });
      expect((await store.get(id))?.status).toBe('resolved');
    });

    it('marking a false positive needs a reason, and a false positive is never then resolved', async () => {
      const { store, id } = await storedFinding(fresh);
      await expect(store.markFalsePositive(id, { by: RESPONDER })).rejects.toMatchObject({
        code: 'trailwatch_finding_reason_required',
      });
      await store.markFalsePositive(id, { by: RESPONDER, reason: 'the red team' });
      await expect(store.resolve(id, { by: RESPONDER })).rejects.toMatchObject({
        code: 'trailwatch_finding_transition_refused',
      });
      expect(await store.get(id)).toMatchObject({
        status: 'false-positive',
        closed: { reason: 'the red team' },
      });
    });

    it('when the finding does not exist, refuses with finding_not_found', async () => {
      const { store } = await fresh();
      await expect(store.acknowledge('tw-000000000000', { by: RESPONDER })).rejects.toMatchObject({
        code: 'trailwatch_finding_not_found',
        findingId: 'tw-000000000000',
      });
    });

    it('when a re-detection updates an acknowledged finding, keeps its status and who acknowledged it', async () => {
      const { store, id } = await storedFinding(fresh);
      await store.acknowledge(id, { by: RESPONDER });
      const [updated] = await store.upsert([burst({ eventIds: eventIds(1, 3), to: 30 })]);
      expect(updated?.status).toBe('updated');
      expect(await store.get(id)).toMatchObject({ status: 'acknowledged', eventCount: 3 });
    });
  });

  describe('mutes', () => {
    const MUTE = {
      detector: 'access-keys-listed',
      principalArn: ALICE,
      by: RESPONDER,
      reason: 'key rotation',
    };
    const inAnHour = (now: number) => new Date(now + HOUR).toISOString();

    it('when a detector is muted for a principal, still stores its findings but flags them muted', async () => {
      const { store, now } = await fresh();
      await store.mute({ ...MUTE, until: inAnHour(now()) });
      const results = await store.upsert([
        burst(),
        burst({ principalArn: BOB }),
        burst({ detector: 'iam-user-created', eventIds: eventIds(2, 2) }),
      ]);
      expect(results.map((result) => result.muted)).toEqual([true, false, false]);
      expect(results.map((result) => result.status)).toEqual(['created', 'created', 'created']);
      expect(await store.get(results[0]?.finding.id as string)).toMatchObject({ status: 'open' });
    });

    it('a mute for * covers every principal of that detector, and no other detector', async () => {
      const { store, now } = await fresh();
      await store.mute({ ...MUTE, principalArn: '*', until: inAnHour(now()) });
      expect(await store.isMuted('access-keys-listed', ALICE)).toBe(true);
      expect(await store.isMuted('access-keys-listed', BOB)).toBe(true);
      expect(await store.isMuted('iam-user-created', ALICE)).toBe(false);
    });

    it("when the mute's time is up, findings are no longer muted", async () => {
      const { store, now, tick } = await fresh();
      const mute = await store.mute({ ...MUTE, until: inAnHour(now()) });
      expect(mute).toMatchObject({ ...MUTE, createdAt: new Date(now()).toISOString() });
      expect(await store.isMuted('access-keys-listed', ALICE, new Date(now() + HOUR - 1).toISOString())).toBe(
        true,
      );
      expect(await store.isMuted('access-keys-listed', ALICE, mute.until)).toBe(false);
      tick(HOUR);
      const [result] = await store.upsert([burst()]);
      expect(result?.muted).toBe(false);
    });

    it('unmute lifts a mute and says whether there was one', async () => {
      const { store, now } = await fresh();
      await store.mute({ ...MUTE, until: inAnHour(now()) });
      expect(await store.unmute('access-keys-listed', ALICE)).toBe(true);
      expect(await store.isMuted('access-keys-listed', ALICE)).toBe(false);
      expect(await store.unmute('access-keys-listed', ALICE)).toBe(false);
    });

    it('refuses a mute that has already ended, or has nobody behind it, with mute_invalid', async () => {
      const { store, now } = await fresh();
      const past = new Date(now() - 1).toISOString();
      await expect(store.mute({ ...MUTE, until: past })).rejects.toMatchObject({
        code: 'trailwatch_mute_invalid',
      });
      await expect(store.mute({ ...MUTE, by: ' ', until: inAnHour(now()) })).rejects.toMatchObject({
        code: 'trailwatch_mute_invalid',
      });
      expect(await store.isMuted('access-keys-listed', ALICE, past)).toBe(false);
    });
  });
}
