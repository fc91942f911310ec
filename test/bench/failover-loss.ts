/**
 * What a Sentinel failover loses: writers keep SETting through trailwatch's worker connection while the
 * primary is SIGKILLed; after the replica is promoted, count the writes Redis acknowledged before the
 * kill that the new primary does not have (asynchronous replication), with and without WAIT 1.
 *
 *   npm run bench:failover [-- ROUNDS]
 */
import { createRedisConnection, type RedisClient } from '../../src/store/redis-connection.js';
import { startRedisSentinels } from '../helpers/redis-topologies.js';
import { waitUntil } from '../helpers/wait-until.js';

const WRITERS = 32;
const ROUNDS = Number(process.argv[2] ?? 3);
// Let the writers reach full speed before the kill.
const WRITES_BEFORE_KILL = 20_000;

interface Round {
  mode: 'plain' | 'wait';
  ackedBeforeKill: number;
  lost: number;
  failoverMs: number;
  writableAgainMs: number;
}

async function round(mode: Round['mode']): Promise<Round> {
  const topology = await startRedisSentinels();
  const redis: RedisClient = createRedisConnection({ url: topology.url, role: 'worker' });
  const acked: number[] = [];
  let killedAt = 0;
  let next = 0;
  let stop = false;
  let firstAckAfterKill = 0;
  const writer = async () => {
    while (!stop) {
      const i = next++;
      await redis.set(`{loss}:${i}`, '1');
      if (mode === 'wait') await (redis as { wait(n: number, ms: number): Promise<number> }).wait(1, 1000);
      if (killedAt === 0) acked.push(i);
      else if (firstAckAfterKill === 0) firstAckAfterKill = Date.now();
    }
  };
  const writers = Array.from({ length: WRITERS }, writer);
  await waitUntil('the writers are at speed', () => acked.length >= WRITES_BEFORE_KILL, 60_000);
  const crash = topology.primary.crash();
  killedAt = Date.now();
  await crash;
  await waitUntil(
    'the replica is promoted',
    async () => (await topology.primaryPort()) === topology.replica.port,
    30_000,
  );
  const failoverMs = Date.now() - killedAt;
  await waitUntil('a write succeeds on the new primary', () => firstAckAfterKill > 0, 30_000);
  stop = true;
  await Promise.all(writers);
  const present = await redis.exists(...acked.map((i) => `{loss}:${i}`));
  redis.disconnect();
  await topology.stop();
  return {
    mode,
    ackedBeforeKill: acked.length,
    lost: acked.length - present,
    failoverMs,
    writableAgainMs: firstAckAfterKill - killedAt,
  };
}

const results: Round[] = [];
for (let i = 0; i < ROUNDS; i += 1) {
  results.push(await round('plain'));
  results.push(await round('wait'));
}
console.log(`writers: ${WRITERS} concurrent SETs, sentinel down-after 500 ms, failover-timeout 2000 ms`);
console.table(results);
