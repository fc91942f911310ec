/** The Slack notifier through the real notify queue: one parent card per incident, one reply per finding. */
import { afterEach, describe, expect, it } from 'vitest';
import type { AccessKeyDirectory } from '../../../src/remediation/access-key-directory.js';
import { ACCOUNT, burst, eventIds, KEY_ONE, KEY_TWO } from '../../contract/findings-store.fixtures.js';
import { useRedisConnections } from '../../helpers/redis-connections.js';
import { DEFAULT_CHANNEL, type NotifyRig, startNotifyRig } from './notify-harness.js';

const redis = useRedisConnections();
let rig: NotifyRig | undefined;

afterEach(async () => {
  if (rig) expect(rig.violations()).toEqual([]);
  await rig?.close();
  rig = undefined;
});

const stopLogging = (n: number) =>
  burst({
    detector: 'cloudtrail-logging-stopped',
    category: 'defense-evasion',
    severity: 'critical',
    accessKeyId: KEY_ONE,
    eventIds: eventIds(n, n),
    from: 5,
  });

describe('Slack notifier threads', () => {
  it('posts the first finding of an incident as a parent card and its finding as a thread reply', async () => {
    rig = await startNotifyRig({ producer: redis.producer, worker: redis.worker });
    await rig.push([burst({ accessKeyId: KEY_ONE })]);
    await rig.drained();

    const messages = rig.slack.messages(DEFAULT_CHANNEL);
    expect(messages).toHaveLength(1);
    expect(messages[0]?.text).toMatch(/MEDIUM incident: 1 finding\(s\) for key AKIAIOSFODNN7EXAMPLE/);
    expect(messages[0]?.replies).toHaveLength(1);
    expect(messages[0]?.replies[0]?.text).toMatch(/MEDIUM test: access-keys-listed/);
    expect(rig.slack.callsTo('chat.update')).toEqual([]);
  });

  it('threads a second finding under the same parent and updates the parent to 2 findings, highest severity', async () => {
    rig = await startNotifyRig({ producer: redis.producer, worker: redis.worker });
    await rig.push([burst({ accessKeyId: KEY_ONE })]);
    await rig.drained();
    await rig.push([stopLogging(100)]);
    await rig.drained();

    const [parent, ...others] = rig.slack.messages(DEFAULT_CHANNEL);
    expect(others).toEqual([]);
    expect(parent?.replies.map((r) => r.text)).toEqual([
      expect.stringMatching(/test: access-keys-listed/),
      expect.stringMatching(/CRITICAL test: cloudtrail-logging-stopped/),
    ]);
    expect(parent?.edited).toBeDefined();
    expect(parent?.text).toMatch(/CRITICAL incident: 2 finding\(s\)/);
    const parentUpdates = rig.slack.callsTo('chat.update').filter((c) => c.args.ts === parent?.ts);
    expect(parentUpdates).toHaveLength(1);
    expect(JSON.stringify(parent?.blocks)).toContain('defense-evasion');
  });

  it("when a finding grows (status 'updated'), updates its own reply and posts nothing new", async () => {
    rig = await startNotifyRig({ producer: redis.producer, worker: redis.worker });
    await rig.push([burst({ accessKeyId: KEY_ONE, eventIds: eventIds(1, 1) })]);
    await rig.drained();
    await rig.push([burst({ accessKeyId: KEY_ONE, eventIds: eventIds(1, 5), to: 9 })]);
    await rig.drained();

    const [parent] = rig.slack.messages(DEFAULT_CHANNEL);
    const reply = parent?.replies[0];
    expect(rig.slack.callsTo('chat.postMessage')).toHaveLength(2);
    expect(parent?.replies).toHaveLength(1);
    expect(reply?.edited).toBeDefined();
    expect(JSON.stringify(reply?.blocks)).toContain('5 events');
    const replyUpdates = rig.slack.callsTo('chat.update').filter((c) => c.args.ts === reply?.ts);
    expect(replyUpdates).toHaveLength(1);
    // The parent's span and status line changed with it.
    expect(JSON.stringify(parent?.blocks)).toContain('1 finding');
  });

  it('when the first two findings of new incidents are notified at once, posts one parent per incident', async () => {
    rig = await startNotifyRig({
      producer: redis.producer,
      worker: redis.worker,
      workers: 2,
      concurrency: 4,
    });
    const keys = [KEY_ONE, KEY_TWO, 'AKIAEXAMPLE000000003', 'AKIAEXAMPLE000000004'];
    await rig.push(
      keys.flatMap((accessKeyId, k) => [
        burst({ accessKeyId, eventIds: eventIds(10 * k + 1, 10 * k + 1) }),
        burst({ accessKeyId, detector: 'iam-user-created', eventIds: eventIds(10 * k + 2, 10 * k + 2) }),
      ]),
    );
    await rig.drained();

    const messages = rig.slack.messages(DEFAULT_CHANNEL);
    expect(messages).toHaveLength(keys.length);
    for (const parent of messages) {
      expect(parent.replies).toHaveLength(2);
      expect(parent.text).toMatch(/2 finding\(s\)/);
    }
    expect(rig.slack.callsTo('chat.postMessage')).toHaveLength(3 * keys.length);
    // The race really ran: second jobs found the parent claimed and came back once it was posted.
    const waited = rig.lines.filter((l) => /parent card not posted yet/.test(String(l.reason)));
    expect(waited.length).toBeGreaterThan(0);
  });

  it('shows the key’s owner and the account’s name on the cards, asking the directory once per key', async () => {
    const asked: string[] = [];
    const keyDirectory: AccessKeyDirectory = {
      async describe(accessKeyId, accountId) {
        asked.push(accessKeyId);
        return { accessKeyId, accountId: accountId ?? ACCOUNT, userName: 'ci-deployer', status: 'Active' };
      },
    };
    const accountNames = new Map([[ACCOUNT, 'prod-payments']]);
    rig = await startNotifyRig({
      producer: redis.producer,
      worker: redis.worker,
      keyDirectory,
      accountNames,
    });
    await rig.push([burst({ accessKeyId: KEY_ONE }), stopLogging(200)]);
    await rig.drained();

    const [parent] = rig.slack.messages(DEFAULT_CHANNEL);
    expect(JSON.stringify(parent?.blocks)).toContain('owned by `ci-deployer`');
    expect(JSON.stringify(parent?.blocks)).toContain('prod-payments');
    expect(parent?.replies).toHaveLength(2);
    expect(asked).toEqual([KEY_ONE]);
  });

  it('when the key lookup fails, posts the cards anyway, without the owner', async () => {
    const keyDirectory: AccessKeyDirectory = {
      async describe() {
        throw new Error('AccessDenied: iam:GetAccessKeyLastUsed');
      },
    };
    rig = await startNotifyRig({ producer: redis.producer, worker: redis.worker, keyDirectory });
    await rig.push([burst({ accessKeyId: KEY_ONE })]);
    await rig.drained();

    const [parent] = rig.slack.messages(DEFAULT_CHANNEL);
    expect(JSON.stringify(parent?.blocks)).toContain('owner not looked up');
    expect(parent?.replies).toHaveLength(1);
    expect(rig.lines).toContainEqual(
      expect.objectContaining({ msg: expect.stringMatching(/lookup failed/) }),
    );
  });
});
