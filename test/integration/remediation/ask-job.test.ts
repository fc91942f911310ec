/** The ask timeout on real BullMQ: a delayed job escalates a pending ask, and leaves an answered one alone. */
import type { Job } from 'bullmq';
import { describe, expect, it } from 'vitest';
import { askJobId } from '../../../src/remediation/ask/ask-service.js';
import { sampleFinding } from '../../unit/slack/sample-finding.js';
import { settled } from '../jobs/pipeline-harness.js';
import { useAskRig } from './ask-fixture.js';

const rig = useAskRig();
const actors = { 'arn:aws:iam::111122223333:user/alice': 'U0ALICE01' };

async function askAndTimeOut(r: ReturnType<typeof rig>, before?: (askId: string) => Promise<void>) {
  const outcome = await r.service.askFor(sampleFinding());
  if (outcome.status === 'no-actor') throw new Error('expected an ask');
  const worker = r.startWorker();
  await before?.(outcome.ask.id);
  const jobId = askJobId({ askId: outcome.ask.id });
  const done = settled(worker, jobId);
  // The timeout is askTimeoutMinutes away: promote the delayed job as if it had passed.
  await (await r.queue.getJob(jobId))?.promote();
  return { ask: outcome.ask, job: (await done) as Job };
}

describe('ask job', () => {
  it('when the ask is still pending at the timeout, escalates it and reports no answer from the person', async () => {
    const r = rig({ config: { actors, askTimeoutMinutes: 15 } });
    const { ask, job } = await askAndTimeOut(r);

    expect(job.returnvalue).toEqual({ askId: ask.id, outcome: 'escalated' });
    expect(r.escalated).toHaveLength(1);
    expect(r.escalated[0]).toMatchObject({
      id: ask.id,
      person: 'U0ALICE01',
      status: 'escalated',
      timeoutMinutes: 15,
    });
    expect((await r.store.get(ask.id))?.escalatedAt).toBeDefined();
  });

  it('when the person answered before the timeout, does not escalate', async () => {
    const r = rig({ config: { actors, askTimeoutMinutes: 15 } });
    const { ask, job } = await askAndTimeOut(r, async (askId) => {
      await r.service.recordAnswer(askId, { by: 'U0ALICE01', answer: 'yes' });
    });

    expect(job.returnvalue).toEqual({ askId: ask.id, outcome: 'answered' });
    expect(r.escalated).toEqual([]);
    expect((await r.store.get(ask.id))?.status).toBe('answered');
  });

  it('takes a late answer after escalation, once, and an escalated ask is not asked again', async () => {
    const r = rig({ config: { actors, askTimeoutMinutes: 15 } });
    const { ask } = await askAndTimeOut(r);

    const late = await r.service.recordAnswer(ask.id, { by: 'U0ALICE01', answer: 'no' });
    const again = await r.service.askFor(sampleFinding());

    expect(late).toMatchObject({
      ok: true,
      contain: true,
      ask: { status: 'answered', escalatedAt: expect.any(String) },
    });
    expect(again).toMatchObject({ status: 'exists', ask: { id: ask.id, status: 'answered' } });
    expect(await r.queue.getJobCounts('delayed', 'waiting')).toEqual({ delayed: 0, waiting: 0 });
  });

  it('when the reporter fails, retries and reports the escalation on the next attempt', async () => {
    const r = rig({ config: { actors, askTimeoutMinutes: 15 } });
    const outcome = await r.service.askFor(sampleFinding());
    if (outcome.status === 'no-actor') throw new Error('expected an ask');
    let calls = 0;
    const reported: string[] = [];
    const worker = r.startWorker({
      reporter: {
        escalated: async (ask) => {
          calls += 1;
          if (calls === 1) throw new Error('slack down');
          reported.push(ask.id);
        },
      },
    });
    const jobId = askJobId({ askId: outcome.ask.id });
    const done = settled(worker, jobId);
    await (await r.queue.getJob(jobId))?.promote();
    const job = await done;

    expect(job.returnvalue).toEqual({ askId: outcome.ask.id, outcome: 'escalated' });
    expect(job.attemptsMade).toBe(2);
    expect(reported).toEqual([outcome.ask.id]);
  });
});
