/** /metrics for outages: whether each dependency answers, and how many notifications wait for Slack. */
import { Gauge, type Registry } from 'prom-client';
import { DEPENDENCIES, type Outages } from './outages.js';
import { withTimeout } from './with-timeout.js';

export interface OutageMetricsOptions {
  outages: Pick<Outages, 'isDown'>;
  /** Read at scrape time (Redis): left out of a scrape where it fails or takes longer than timeoutMs. */
  pendingNotifications: () => Promise<number>;
  timeoutMs?: number;
}

export function registerOutageMetrics(registry: Registry, options: OutageMetricsOptions): void {
  const registers = [registry];
  const up = new Gauge({
    name: 'trailwatch_dependency_up',
    help: '1 while the dependency (redis, slack, aws) answers this process, 0 while it waits out an outage.',
    labelNames: ['dependency'],
    registers,
    collect() {
      for (const dependency of DEPENDENCIES)
        up.set({ dependency }, options.outages.isDown(dependency) ? 0 : 1);
    },
  });
  const pending = new Gauge({
    name: 'trailwatch_notifications_pending',
    help: 'Notifications whose attempts ran out during an outage, waiting for the sweep to post them.',
    registers,
    async collect() {
      pending.reset();
      try {
        pending.set(
          await withTimeout(options.pendingNotifications, options.timeoutMs ?? 2_000, 'pending count'),
        );
      } catch {
        // Redis is down: a missing series says "unknown"; a stale one would look healthy.
      }
    },
  });
}
