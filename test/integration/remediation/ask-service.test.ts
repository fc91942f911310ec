/** Asking the actor on a real Redis: who is asked, one ask per incident and person, one answer, by them only. */
import { describe, expect, it } from 'vitest';
import { askJobId } from '../../../src/remediation/ask/ask-service.js';
import { sampleFinding } from '../../unit/slack/sample-finding.js';
import { useAskRig } from './ask-fixture.js';

const rig = useAskRig();
const ALICE_ARN = 'arn:aws:iam::111122223333:user/alice';
const NOW = Date.parse('2026-11-29T03:15:00Z');

describe('ask service', () => {
  it('asks the person trailwatch.yml maps the principal to, once per incident, with a timeout job', async () => {
    const r = rig({
      config: { actors: { [ALICE_ARN]: 'U0ALICE01' }, askTimeoutMinutes: 15 },
      now: () => NOW,
    });
    const finding = sampleFinding();

    const first = await r.service.askFor(finding);
    const again = await r.service.askFor(sampleFinding({ id: 'tw-other-finding' }));

    expect(first).toMatchObject({
      status: 'created',
      ask: { person: 'U0ALICE01', via: 'config', status: 'pending' },
    });
    if (first.status === 'no-actor' || again.status === 'no-actor') throw new Error('expected an ask');
    expect(first.ask).toMatchObject({
      incidentId: finding.incidentId,
      findingId: finding.id,
      dueAt: '2026-11-29T03:30:00.000Z',
      subject: { principalArn: ALICE_ARN, accessKeyId: finding.accessKeyId, eventNames: ['CreateAccessKey'] },
    });
    expect(again).toMatchObject({ status: 'exists', ask: { id: first.ask.id, findingId: finding.id } });
    const job = await r.queue.getJob(askJobId({ askId: first.ask.id }));
    expect(job?.data).toEqual({ askId: first.ask.id });
    expect(job?.opts.delay).toBe(15 * 60_000);
    expect(await r.queue.getJobCounts('delayed')).toEqual({ delayed: 1 });
  });

  it('asks the Slack user whose email is the IAM user email tag, and nobody when neither is known', async () => {
    const looked: string[] = [];
    const r = rig({
      emailOf: async (accountId, userName) => {
        looked.push(`${accountId}/${userName}`);
        return userName === 'alice' ? 'alice@example.com' : undefined;
      },
      slackUserByEmail: async (email) => (email === 'alice@example.com' ? 'U0ALICE02' : undefined),
    });

    const asked = await r.service.askFor(sampleFinding());
    const nobody = await r.service.askFor(
      sampleFinding({
        incidentId: 'inc-2',
        principal: {
          arn: 'arn:aws:iam::111122223333:user/bob',
          type: 'IAMUser',
          accountId: '111122223333',
          userName: 'bob',
        },
      }),
    );

    expect(asked).toMatchObject({ status: 'created', ask: { person: 'U0ALICE02', via: 'email-tag' } });
    expect(nobody).toEqual({ status: 'no-actor' });
    expect(looked).toEqual(['111122223333/alice', '111122223333/bob']);
    expect(await r.queue.getJobCounts('delayed')).toEqual({ delayed: 1 });
  });

  it('maps a role session through the role ARN in actors, and asks nobody when the email lookup fails', async () => {
    const r = rig({
      config: { actors: { 'arn:aws:iam::111122223333:role/Deploy': 'U0DEPLOY1' }, askTimeoutMinutes: 15 },
      emailOf: async () => {
        throw new Error('iam:GetUser denied');
      },
      slackUserByEmail: async () => 'U0NEVER01',
    });
    const session = sampleFinding({
      principal: {
        arn: 'arn:aws:sts::111122223333:assumed-role/Deploy/ci-42',
        type: 'AssumedRole',
        accountId: '111122223333',
      },
    });

    expect(await r.service.askFor(session)).toMatchObject({
      status: 'created',
      ask: { person: 'U0DEPLOY1' },
    });
    expect(await r.service.askFor(sampleFinding({ incidentId: 'inc-3' }))).toEqual({ status: 'no-actor' });
  });

  it('when someone other than the asked person clicks, refuses and records nothing', async () => {
    const r = rig({ config: { actors: { [ALICE_ARN]: 'U0ALICE01' }, askTimeoutMinutes: 15 } });
    const outcome = await r.service.askFor(sampleFinding());
    if (outcome.status === 'no-actor') throw new Error('expected an ask');

    const refused = await r.service.recordAnswer(outcome.ask.id, { by: 'U0MALLORY', answer: 'yes' });
    const missing = await r.service.recordAnswer('ask-nope', { by: 'U0ALICE01', answer: 'yes' });

    expect(refused).toMatchObject({
      ok: false,
      code: 'not_asked',
      message: 'Only the person asked can answer this.',
    });
    expect(missing).toMatchObject({ ok: false, code: 'not_found' });
    expect((await r.service.get(outcome.ask.id))?.status).toBe('pending');
    expect(r.answered).toEqual([]);
  });

  it('when the asked person says no, records it with the reason and tells the caller to contain the finding', async () => {
    const r = rig({
      config: { actors: { [ALICE_ARN]: 'U0ALICE01' }, askTimeoutMinutes: 15 },
      now: () => NOW,
    });
    const outcome = await r.service.askFor(sampleFinding());
    if (outcome.status === 'no-actor') throw new Error('expected an ask');

    const result = await r.service.recordAnswer(outcome.ask.id, {
      by: 'U0ALICE01',
      answer: 'no',
      reason: '  not me, I was asleep  ',
    });

    expect(result).toMatchObject({
      ok: true,
      answer: 'no',
      contain: true,
      findingId: 'tw-0123456789ab',
      incidentId: 'inc-0123456789ab',
      reported: true,
      ask: {
        status: 'answered',
        answer: {
          by: 'U0ALICE01',
          answer: 'no',
          reason: 'not me, I was asleep',
          at: '2026-11-29T03:15:00.000Z',
        },
      },
    });
    expect(r.answered.map((a) => a.answer?.answer)).toEqual(['no']);
  });

  it('answers once under concurrent clicks: one wins, the rest are told it was already answered', async () => {
    const r = rig({ config: { actors: { [ALICE_ARN]: 'U0ALICE01' }, askTimeoutMinutes: 15 } });
    const outcome = await r.service.askFor(sampleFinding());
    if (outcome.status === 'no-actor') throw new Error('expected an ask');

    const clicks = await Promise.all(
      Array.from({ length: 12 }, (_, i) =>
        r.service.recordAnswer(outcome.ask.id, {
          by: 'U0ALICE01',
          answer: i % 2 === 0 ? 'yes' : 'no',
          reason: `click ${i}`,
        }),
      ),
    );

    const winners = clicks.filter((c) => c.ok);
    expect(winners).toHaveLength(1);
    expect(clicks.filter((c) => !c.ok && c.code === 'already_answered')).toHaveLength(11);
    const stored = await r.service.get(outcome.ask.id);
    const winner = winners[0];
    if (!winner?.ok) throw new Error('expected a winner');
    expect(stored?.answer).toEqual(winner.ask.answer);
    expect(r.answered).toHaveLength(1);
  });

  it('keeps the answer when the reporter fails, saying it was not reported', async () => {
    const r = rig({
      config: { actors: { [ALICE_ARN]: 'U0ALICE01' }, askTimeoutMinutes: 15 },
      reporter: {
        answered: async () => {
          throw new Error('slack down');
        },
      },
    });
    const outcome = await r.service.askFor(sampleFinding());
    if (outcome.status === 'no-actor') throw new Error('expected an ask');

    const result = await r.service.recordAnswer(outcome.ask.id, { by: 'U0ALICE01', answer: 'yes' });

    expect(result).toMatchObject({ ok: true, contain: false, reported: false });
    expect((await r.service.get(outcome.ask.id))?.status).toBe('answered');
  });
});
