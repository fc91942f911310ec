/** trailwatch's Prometheus series, scraped over real HTTP from the ops endpoint on 127.0.0.1. */
import { readFileSync } from 'node:fs';
import { register as globalRegistry } from 'prom-client';
import { describe, expect, it } from 'vitest';
import type { QueueCounts } from '../../../commands/command.js';
import { malformedReasonOf } from '../../../src/service/malformed-reason.js';
import { createMetrics } from '../../../src/service/metrics.js';
import { readPackageVersion } from '../../../src/service/package-version.js';
import { startOps } from './ops-fixture.js';
import { sampleValue } from './prometheus-text.js';

const ACCOUNT = { accountId: '123456789012', region: 'us-east-1' };
const OTHER_REGION = { accountId: '123456789012', region: 'eu-west-1' };
const ACCOUNT_LABELS = { account: '123456789012', region: 'us-east-1' };
const counts = (waiting: number, active: number, delayed: number, failed: number): QueueCounts => ({
  waiting,
  active,
  delayed,
  failed,
});

async function scrape(metrics: ReturnType<typeof createMetrics>) {
  const ops = await startOps({ metrics });
  const res = await ops.get('/metrics');
  return { status: res.status, contentType: res.headers.get('content-type'), text: await res.text() };
}

describe('GET /metrics', () => {
  it('when series were counted, serves them in the Prometheus text format with its content type', async () => {
    const metrics = createMetrics({ defaultMetrics: false });
    metrics.pollSucceeded(ACCOUNT, {
      at: new Date('2026-11-29T21:00:00Z'),
      coveredUntil: new Date('2026-11-29T20:59:58Z'),
    });
    metrics.eventsIngested(ACCOUNT, 50);
    metrics.eventsIngested(ACCOUNT);
    metrics.eventsIngested(OTHER_REGION, 7);
    metrics.duplicatesDropped(3);
    metrics.malformedRecord('not_json');
    metrics.findingRaised('critical');
    metrics.findingRaised('high', 2);
    metrics.awsError(ACCOUNT, 'ThrottlingException');
    metrics.notifierError('trailwatch_notify_failed');

    const { status, contentType, text } = await scrape(metrics);
    expect(status).toBe(200);
    expect(contentType).toBe('text/plain; version=0.0.4; charset=utf-8');
    expect(sampleValue(text, 'trailwatch_poll_last_success_timestamp_seconds', ACCOUNT_LABELS)).toBe(
      Date.parse('2026-11-29T21:00:00Z') / 1000,
    );
    expect(sampleValue(text, 'trailwatch_events_ingested_total', ACCOUNT_LABELS)).toBe(51);
    expect(sampleValue(text, 'trailwatch_events_ingested_total', { region: 'eu-west-1' })).toBe(7);
    expect(sampleValue(text, 'trailwatch_duplicates_dropped_total')).toBe(3);
    expect(sampleValue(text, 'trailwatch_malformed_records_total', { reason: 'not_json' })).toBe(1);
    expect(sampleValue(text, 'trailwatch_findings_total', { severity: 'critical' })).toBe(1);
    expect(sampleValue(text, 'trailwatch_findings_total', { severity: 'high' })).toBe(2);
    expect(
      sampleValue(text, 'trailwatch_aws_errors_total', { ...ACCOUNT_LABELS, code: 'ThrottlingException' }),
    ).toBe(1);
    expect(sampleValue(text, 'trailwatch_notifier_errors_total', { code: 'trailwatch_notify_failed' })).toBe(
      1,
    );
  });

  it('before anything happened, shows every severity and malformed reason at zero', async () => {
    const { text } = await scrape(createMetrics({ defaultMetrics: false }));
    for (const severity of ['info', 'low', 'medium', 'high', 'critical']) {
      expect(sampleValue(text, 'trailwatch_findings_total', { severity }), severity).toBe(0);
    }
    for (const reason of ['not_json', 'not_object', 'missing_field', 'bad_field', 'other']) {
      expect(sampleValue(text, 'trailwatch_malformed_records_total', { reason }), reason).toBe(0);
    }
  });

  it('shows the build version from package.json and the process metrics', async () => {
    const { version } = JSON.parse(readFileSync(new URL('../../../package.json', import.meta.url), 'utf8'));
    const { text } = await scrape(createMetrics());
    expect(sampleValue(text, 'trailwatch_build_info', { version })).toBe(1);
    expect(sampleValue(text, 'process_cpu_user_seconds_total')).toBeGreaterThanOrEqual(0);
    expect(sampleValue(text, 'nodejs_heap_size_used_bytes')).toBeGreaterThan(0);
  });

  it('finds the version from the built layout (dist/src/service/) as well as from the sources', () => {
    const { version } = JSON.parse(readFileSync(new URL('../../../package.json', import.meta.url), 'utf8'));
    expect(readPackageVersion(new URL('../../../dist/src/service/metrics.js', import.meta.url).href)).toBe(
      version,
    );
    expect(readPackageVersion('file:///nowhere/at/all.js')).toBe('unknown');
  });

  it('when a label value comes from outside, keeps it short and plain, and refuses bad counts quietly', async () => {
    const metrics = createMetrics({ defaultMetrics: false });
    metrics.awsError(ACCOUNT, `Weird "code"\n{x}${'y'.repeat(100)}`);
    metrics.notifierError('');
    metrics.malformedRecord('line 7: something new' as never);
    metrics.eventsIngested(ACCOUNT, -5);
    metrics.eventsIngested(ACCOUNT, Number.NaN);
    metrics.duplicatesDropped(0);
    const { text } = await scrape(metrics);
    expect(
      sampleValue(text, 'trailwatch_aws_errors_total', { code: `Weird__code___x_${'y'.repeat(48)}` }),
    ).toBe(1);
    expect(sampleValue(text, 'trailwatch_notifier_errors_total', { code: 'unknown' })).toBe(1);
    expect(sampleValue(text, 'trailwatch_malformed_records_total', { reason: 'other' })).toBe(1);
    expect(sampleValue(text, 'trailwatch_events_ingested_total', ACCOUNT_LABELS)).toBeUndefined();
    expect(sampleValue(text, 'trailwatch_duplicates_dropped_total')).toBe(0);
  });
});

describe('poll lag', () => {
  it('is measured at each scrape from the covered time, so it grows while polling is stuck', async () => {
    let now = Date.parse('2026-11-29T21:00:05Z');
    const metrics = createMetrics({ defaultMetrics: false, clock: () => now });
    const ops = await startOps({ metrics });
    const before = await (await ops.get('/metrics')).text();
    expect(sampleValue(before, 'trailwatch_poll_lag_seconds', ACCOUNT_LABELS)).toBeUndefined();

    metrics.pollSucceeded(ACCOUNT, {
      at: new Date('2026-11-29T21:00:02Z'),
      coveredUntil: new Date('2026-11-29T21:00:00Z'),
    });
    const fresh = await (await ops.get('/metrics')).text();
    expect(sampleValue(fresh, 'trailwatch_poll_lag_seconds', ACCOUNT_LABELS)).toBe(5);

    now += 10 * 60_000;
    const stuck = await (await ops.get('/metrics')).text();
    expect(sampleValue(stuck, 'trailwatch_poll_lag_seconds', ACCOUNT_LABELS)).toBe(605);
    expect(sampleValue(stuck, 'trailwatch_poll_last_success_timestamp_seconds', ACCOUNT_LABELS)).toBe(
      Date.parse('2026-11-29T21:00:02Z') / 1000,
    );
  });

  it('when an older poll finishes after a newer one, does not move coverage back', async () => {
    const now = Date.parse('2026-11-29T21:10:00Z');
    const metrics = createMetrics({ defaultMetrics: false, clock: () => now });
    metrics.pollSucceeded(ACCOUNT, {
      at: new Date('2026-11-29T21:09:59Z'),
      coveredUntil: new Date('2026-11-29T21:09:50Z'),
    });
    metrics.pollSucceeded(ACCOUNT, {
      at: new Date('2026-11-29T21:09:59Z'),
      coveredUntil: new Date('2026-11-29T21:05:00Z'),
    });
    const { text } = await scrape(metrics);
    expect(sampleValue(text, 'trailwatch_poll_lag_seconds', ACCOUNT_LABELS)).toBe(10);
  });
});

describe('queue depths', () => {
  it('reads the injected counts at scrape time, one gauge per queue and state', async () => {
    let calls = 0;
    let poll = counts(4, 1, 0, 2);
    const metrics = createMetrics({
      defaultMetrics: false,
      queueCounts: async () => {
        calls += 1;
        return { poll, detect: counts(120, 8, 3, 0) };
      },
    });
    expect(calls).toBe(0);
    const ops = await startOps({ metrics });
    const first = await (await ops.get('/metrics')).text();
    expect(calls).toBe(1);
    expect(sampleValue(first, 'trailwatch_queue_jobs', { queue: 'poll', state: 'waiting' })).toBe(4);
    expect(sampleValue(first, 'trailwatch_queue_jobs', { queue: 'poll', state: 'failed' })).toBe(2);
    expect(sampleValue(first, 'trailwatch_queue_jobs', { queue: 'detect', state: 'waiting' })).toBe(120);
    expect(sampleValue(first, 'trailwatch_queue_jobs', { queue: 'detect', state: 'delayed' })).toBe(3);

    poll = counts(0, 0, 9, 2);
    const second = await (await ops.get('/metrics')).text();
    expect(calls).toBe(2);
    expect(sampleValue(second, 'trailwatch_queue_jobs', { queue: 'poll', state: 'waiting' })).toBe(0);
    expect(sampleValue(second, 'trailwatch_queue_jobs', { queue: 'poll', state: 'delayed' })).toBe(9);
  });

  it('when reading the counts fails or hangs, leaves the depths out, counts the failure and still answers', async () => {
    let mode: 'ok' | 'throw' | 'hang' = 'ok';
    const metrics = createMetrics({
      defaultMetrics: false,
      queueCountsTimeoutMs: 100,
      queueCounts: async () => {
        if (mode === 'throw') throw new Error('Connection is closed.');
        if (mode === 'hang') return new Promise<never>(() => {});
        return { poll: counts(1, 0, 0, 0) };
      },
    });
    const ops = await startOps({ metrics });
    const healthy = await (await ops.get('/metrics')).text();
    expect(sampleValue(healthy, 'trailwatch_queue_jobs', { queue: 'poll', state: 'waiting' })).toBe(1);

    mode = 'throw';
    const thrown = await ops.get('/metrics');
    expect(thrown.status).toBe(200);
    const thrownText = await thrown.text();
    expect(
      sampleValue(thrownText, 'trailwatch_queue_jobs', { queue: 'poll', state: 'waiting' }),
    ).toBeUndefined();
    expect(
      sampleValue(thrownText, 'trailwatch_metrics_collect_errors_total', { collector: 'queue_counts' }),
    ).toBe(1);

    mode = 'hang';
    const started = Date.now();
    const hung = await ops.get('/metrics');
    expect(hung.status).toBe(200);
    expect(Date.now() - started).toBeLessThan(1_500);
    const hungText = await hung.text();
    expect(
      sampleValue(hungText, 'trailwatch_metrics_collect_errors_total', { collector: 'queue_counts' }),
    ).toBe(2);
  });
});

describe('registries', () => {
  it('when two are created, each counts alone and neither touches the global registry', async () => {
    const a = createMetrics();
    const b = createMetrics();
    a.eventsIngested(ACCOUNT, 5);
    b.eventsIngested(ACCOUNT, 2);
    expect(a.registry).not.toBe(b.registry);
    expect(a.registry).not.toBe(globalRegistry);
    expect(globalRegistry.getSingleMetric('trailwatch_events_ingested_total')).toBeUndefined();
    expect(globalRegistry.getSingleMetric('process_cpu_user_seconds_total')).toBeUndefined();
    expect(sampleValue((await scrape(a)).text, 'trailwatch_events_ingested_total', ACCOUNT_LABELS)).toBe(5);
    expect(sampleValue((await scrape(b)).text, 'trailwatch_events_ingested_total', ACCOUNT_LABELS)).toBe(2);
  });
});

describe('malformed reasons', () => {
  it('folds the reasons normalise and the LookupEvents parser give into the fixed label set', () => {
    expect(malformedReasonOf('record is not a JSON object')).toBe('not_object');
    expect(malformedReasonOf('CloudTrailEvent is not a JSON object')).toBe('not_object');
    expect(malformedReasonOf('CloudTrailEvent is not JSON (Unexpected token } in JSON)')).toBe('not_json');
    expect(malformedReasonOf('line 3: not JSON (Unexpected end)')).toBe('not_json');
    expect(malformedReasonOf('eventTime is missing or not a string')).toBe('missing_field');
    expect(malformedReasonOf('EventId is missing')).toBe('missing_field');
    expect(malformedReasonOf('eventTime is not a date')).toBe('bad_field');
    expect(malformedReasonOf('userIdentity is not an object')).toBe('bad_field');
    expect(malformedReasonOf('something nobody foresaw')).toBe('other');
  });
});
