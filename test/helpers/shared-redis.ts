/**
 * vitest global setup: one redis-server for the whole run instead of one per test file. Each
 * startRedis() caller gets a database of its own on it (see claimDatabase), so files stay apart without
 * anyone flushing; tests that need a private server (server-wide INFO, CONFIG SET, a topology, a crash)
 * start one themselves.
 */
import { RUN_REDIS_DATABASES, RUN_REDIS_ENV, startRedisProcess } from './redis-server.js';

export default async function startRunRedis(): Promise<() => Promise<void>> {
  if (process.env.REDIS_URL) return async () => {}; // the caller's shared Redis is used instead
  const server = await startRedisProcess(['--databases', String(RUN_REDIS_DATABASES)]);
  // Workers start after global setup and copy this process's environment.
  process.env[RUN_REDIS_ENV] = `redis://127.0.0.1:${server.port}`;
  return async () => {
    delete process.env[RUN_REDIS_ENV];
    await server.stop();
  };
}
