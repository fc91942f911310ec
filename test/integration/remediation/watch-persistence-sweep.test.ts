/** The persistence sweep against the fake CloudTrail through the real SDK and OnDemandLookup. */
import { describe, expect, it } from 'vitest';
import { sweepPersistence } from '../../../src/remediation/watch/persistence-sweep.js';
import { assumedRole } from '../../helpers/records.js';
import { ACCOUNT, CONTAINED, call, KEY, MINUTE, useWatchRig } from './watch-fixture.js';

const rig = useWatchRig();
const ALICE = `arn:aws:iam::${ACCOUNT}:user/alice`;
const window = { start: CONTAINED - 60 * MINUTE, end: CONTAINED + 10 * MINUTE };

const newKey = (at: number, userName: string, by: { userName?: string; accessKeyId?: string } = {}) =>
  call('CreateAccessKey', at, {
    ...by,
    requestParameters: { userName },
    responseElements: { accessKey: { accessKeyId: 'AKIANEWKEY0000000001', userName, status: 'Active' } },
  });

describe('persistence sweep', () => {
  it('finds a CreateAccessKey and an UpdateAssumeRolePolicy by the principal in the window, with what to undo', async () => {
    const r = await rig();
    const trust = call('UpdateAssumeRolePolicy', CONTAINED - 20 * MINUTE, {
      requestParameters: { roleName: 'Backdoor', policyDocument: '{"Statement":[]}' },
    });
    const created = newKey(CONTAINED - 30 * MINUTE, 'svc-backup');
    r.fake.add([
      created,
      trust,
      call('ListUsers', CONTAINED - 25 * MINUTE),
      call('UpdateAccessKey', CONTAINED - 10 * MINUTE, {
        requestParameters: { accessKeyId: 'AKIAOLD', status: 'Inactive' },
      }),
      call('CreateRole', CONTAINED - 15 * MINUTE, {
        errorCode: 'AccessDenied',
        requestParameters: { roleName: 'Denied' },
      }),
    ]);

    const checklist = await r.time.run(() =>
      sweepPersistence({
        lookup: r.lookup,
        principal: { arn: ALICE, userName: 'alice', accessKeyId: KEY },
        accountId: ACCOUNT,
        regions: ['us-east-1'],
        window,
      }),
    );

    expect(checklist.items.map((i) => [i.eventName, i.eventId])).toEqual([
      ['CreateAccessKey', created.eventID],
      ['UpdateAssumeRolePolicy', trust.eventID],
    ]);
    expect(checklist.items[0]?.what).toBe('new access key AKIANEWKEY0000000001 for user svc-backup');
    expect(checklist.items[0]?.todo).toMatch(/^Deactivate access key AKIANEWKEY0000000001 of svc-backup/);
    expect(checklist.items[1]?.todo).toMatch(/Revert the trust policy of Backdoor/);
    expect(checklist.truncated).toBe(false);
    expect(checklist.eventsRead).toBe(5);
  });

  it('ignores persistence outside the window, by other users, or by a role session that shares the name', async () => {
    const r = await rig();
    const session = assumedRole('Ops', 'alice', 'ASIAEXAMPLETEMPKEY09');
    r.fake.add([
      newKey(window.start - MINUTE, 'early'),
      newKey(window.end + MINUTE, 'late'),
      newKey(CONTAINED - 5 * MINUTE, 'bobs', { userName: 'bob', accessKeyId: 'AKIABOB0000000000000' }),
      call('UpdateAssumeRolePolicy', CONTAINED - 5 * MINUTE, {
        identity: session,
        requestParameters: { roleName: 'X' },
      }),
    ]);

    const checklist = await r.time.run(() =>
      sweepPersistence({
        lookup: r.lookup,
        principal: { arn: ALICE, userName: 'alice', accessKeyId: KEY },
        accountId: ACCOUNT,
        regions: ['us-east-1'],
        window,
      }),
    );

    expect(checklist.items).toEqual([]);
    // Only the role session matched a query (by Username); it was read and set aside.
    expect(checklist.eventsRead).toBe(1);
  });

  it('follows nextToken past 50 events, one item per eventId across both queries, and says when the bound cut it short', async () => {
    const r = await rig();
    const created = newKey(CONTAINED - 50 * MINUTE, 'svc-old');
    const noise = Array.from({ length: 120 }, (_, i) =>
      call('ListUsers', CONTAINED - 40 * MINUTE + i * 1000),
    );
    r.fake.add([created, ...noise]);
    const sweep = (maxCallsPerQuery?: number) =>
      r.time.run(() =>
        sweepPersistence({
          lookup: r.lookup,
          principal: { userName: 'alice', accessKeyId: KEY },
          accountId: ACCOUNT,
          regions: ['us-east-1'],
          window,
          ...(maxCallsPerQuery ? { maxCallsPerQuery } : {}),
        }),
      );

    const full = await sweep();
    const cut = await sweep(1);

    expect(full.items.map((i) => i.eventId)).toEqual([created.eventID]);
    expect(full.eventsRead).toBe(121);
    expect(full.truncated).toBe(false);
    expect(cut.items).toEqual([]);
    expect(cut.truncated).toBe(true);
  });
});
