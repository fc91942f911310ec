import { describe, expect, it } from 'vitest';
import type { CommandReply } from '../../../commands/command.js';
import { routeTrailCommand } from '../../../commands/router.js';
import { continueWhoDid } from '../../../commands/who-did.js';
import { ACTION } from '../../../src/block-kit/action-ids.js';
import { TEST_ACCOUNT_ID } from '../../../src/stand-ins/aws-test-credentials.js';
import { contextFor } from '../../unit/commands/command-fixture.js';
import { calls, MINUTE, T0, useCloudTrailRig } from './on-demand-fixture.js';

const cloudTrail = useCloudTrailRig();

async function rig() {
  const parts = await cloudTrail();
  const ctx = contextFor({
    now: parts.time.clock,
    lookup: parts.lookup,
    accounts: [{ id: TEST_ACCOUNT_ID, name: 'prod' }],
  });
  return { ...parts, ctx };
}

function moreValue(reply: CommandReply): string | undefined {
  const actions = (reply.blocks ?? []).find((b) => (b as { type?: string }).type === 'actions') as
    | { elements: { action_id: string; value: string }[] }
    | undefined;
  const button = actions?.elements.find((e) => e.action_id === ACTION.whoDidMore);
  if (button) expect(button.value.length).toBeLessThan(2_000);
  return button?.value;
}

describe('/trail who-did against CloudTrail', () => {
  it('answers who used a key, grouped by caller and source, and pages past 50 with the More button', async () => {
    const { time, fake, limiter, ctx } = await rig();
    const key = 'AKIAEXAMPLESTOLEN001';
    fake.add([
      ...calls('ListUsers', T0 - 50 * MINUTE, 70, {
        userName: 'mallory',
        accessKeyId: key,
        sourceIp: '198.51.100.66',
      }),
      ...calls('GetCallerIdentity', T0 - 20 * MINUTE, 50, { userName: 'mallory', accessKeyId: key }),
      ...calls('ListUsers', T0 - 20 * MINUTE, 30, { userName: 'alice' }),
    ]);

    const first = await time.run(() => routeTrailCommand(`who-did ${key} --since 1h`, ctx));
    const firstText = JSON.stringify(first.blocks);
    expect(firstText).toContain('searched by *AccessKeyId*');
    expect(firstText).toContain('50 events* from 1 caller');
    expect(firstText).toContain('GetCallerIdentity ×50');
    expect(firstText).not.toContain('user/alice');

    const secondValue = moreValue(first) as string;
    const second = await time.run(() => continueWhoDid(secondValue, ctx));
    const secondText = JSON.stringify(second.blocks);
    expect(secondText).toContain('events 51–100');
    expect(secondText).toContain('198.51.100.66');

    const third = await time.run(() => continueWhoDid(moreValue(second) as string, ctx));
    expect(JSON.stringify(third.blocks)).toContain('events 101–120');
    expect(moreValue(third)).toBeUndefined();

    expect(fake.calls.map((c) => c.params.LookupAttributes)).toEqual(
      Array(3).fill([{ AttributeKey: 'AccessKeyId', AttributeValue: key }]),
    );
    expect(fake.calls.every((c) => c.status === 200)).toBe(true);
    expect(limiter.taken.map((t) => t.priority)).toEqual(['on-demand', 'on-demand', 'on-demand']);
  });

  it('searches an API call by EventName in the region asked for, and finds nothing elsewhere', async () => {
    const { time, fake, ctx } = await rig();
    fake.add(calls('CreateUser', T0 - 5 * MINUTE, 2), { region: 'eu-west-1' });

    const there = await time.run(() => routeTrailCommand('who-did CreateUser --region eu-west-1', ctx));
    expect(JSON.stringify(there.blocks)).toContain('searched by *EventName*');
    expect(JSON.stringify(there.blocks)).toContain('2 events* from 1 caller');

    const here = await time.run(() => routeTrailCommand('who-did CreateUser', ctx));
    expect(JSON.stringify(here.blocks)).toContain('No events matched');
    expect(fake.calls.map((c) => c.region)).toEqual(['eu-west-1', 'us-east-1']);
  });
});
