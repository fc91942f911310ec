/** Per account-region poll gauges: last success, and lag computed at scrape time so a stalled poller shows. */
import { Gauge, type Registry } from 'prom-client';

export interface AccountRegion {
  accountId: string;
  region: string;
}

export interface PollSuccess {
  /** When the poll finished. */
  at: Date;
  /** The checkpoint it advanced to: events up to here are queued (the poll's start). */
  coveredUntil: Date;
}

export function accountRegionLabels(target: AccountRegion) {
  return { account: target.accountId, region: target.region };
}

export function registerPollMetrics(registry: Registry, clock: () => number) {
  const registers = [registry];
  // Keyed by the label values; account ids and region names hold no NUL.
  const covered = new Map<string, { labels: { account: string; region: string }; until: number }>();

  const lag: Gauge<'account' | 'region'> = new Gauge({
    name: 'trailwatch_poll_lag_seconds',
    help: 'Seconds between now and the newest time whose events are queued; grows while polling is stuck.',
    labelNames: ['account', 'region'],
    registers,
    collect: () => {
      const now = clock();
      for (const { labels, until } of covered.values()) lag.set(labels, Math.max(0, (now - until) / 1000));
    },
  });
  const lastSuccess = new Gauge({
    name: 'trailwatch_poll_last_success_timestamp_seconds',
    help: 'Unix time of the last successful poll.',
    labelNames: ['account', 'region'],
    registers,
  });

  return (target: AccountRegion, success: PollSuccess): void => {
    const labels = accountRegionLabels(target);
    const at = success.at.getTime();
    const until = success.coveredUntil.getTime();
    if (!Number.isFinite(at) || !Number.isFinite(until)) return;
    lastSuccess.set(labels, at / 1000);
    const key = `${labels.account}\u0000${labels.region}`;
    // Polls of one account-region may finish out of order across replicas: never move coverage back.
    if ((covered.get(key)?.until ?? Number.NEGATIVE_INFINITY) < until) covered.set(key, { labels, until });
  };
}
