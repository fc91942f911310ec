import { configDefaults, defineConfig } from 'vitest/config';

/**
 * Files whose assertions need the CPU to themselves: the notify coalescer folds a storm's card updates
 * within a time window, so with other test files competing for 2 cores it folds fewer than it asserts;
 * a Sentinel failover (down-after, election, promotion) must finish within the service's reconnect
 * bound, which three other files starting processes on 2 cores pushed past in CI.
 */
const ALONE = [
  'test/integration/slack/notify-storm.test.ts',
  'test/integration/service/service-topologies.test.ts',
];

export default defineConfig({
  test: {
    testTimeout: 20_000,
    hookTimeout: 30_000,
    // The AWS SDK's own switch for its Node-version notice (only that one; other warnings still print):
    // in-process tests build SDK clients in every worker, and the CLI turns it off the same way.
    env: { AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' },
    // vitest's default on 2 cores is one worker; integration files mostly wait (on Redis, on the
    // children they spawn, on BullMQ), so four at once keep both cores busy. Both projects share the pool.
    maxWorkers: 4,
    projects: [
      {
        extends: true,
        // Pure code: worker threads start cheaper than processes, and the files share one module graph
        // per worker instead of importing src again for each of 179 files (no unit test mocks a module,
        // fakes timers or changes process.env). Without it the unit project took 3m22s here, 34s with it.
        test: { name: 'unit', include: ['test/unit/**/*.test.ts'], pool: 'threads', isolate: false },
      },
      {
        extends: true,
        test: {
          name: 'integration',
          include: ['test/integration/**/*.test.ts', 'test/faults/**/*.test.ts'],
          exclude: [...configDefaults.exclude, ...ALONE],
          // Processes: these files spawn children, handle signals and hold sockets.
          pool: 'forks',
          // A test that spawns the CLI twice (each start imports the AWS SDK, Bolt and BullMQ) ran past 20 s
          // with the machine at load 17; the bound is for a hang, not a speed check.
          testTimeout: 60_000,
          // One redis-server for the run; each file gets its own database on it.
          globalSetup: ['test/helpers/shared-redis.ts'],
        },
      },
      {
        extends: true,
        // After the others, one file at a time: what these assert depends on having the CPU to itself.
        test: { name: 'alone', include: ALONE, pool: 'forks', maxWorkers: 1, sequence: { groupOrder: 1 } },
      },
    ],
  },
});
