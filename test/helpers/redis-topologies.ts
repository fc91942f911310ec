/**
 * Real Redis topologies for tests, from Debian's redis-server on free ports: a three-primary Cluster, and
 * a primary with one replica watched by three Sentinels. Every node asks for `password`.
 */

import { execFile } from 'node:child_process';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { type RedisProcess, startRedisProcess } from './redis-server.js';
import { waitUntil } from './wait-until.js';

const run = promisify(execFile);
export const TOPOLOGY_PASSWORD = 'topology-test-password';
const PRIMARY_NAME = 'trailwatch-primary';

export interface TestCluster {
  /** redis-cluster://:password@127.0.0.1:p1,127.0.0.1:p2,127.0.0.1:p3 */
  url: string;
  nodes: RedisProcess[];
  stop(): Promise<void>;
}

/** Three primaries, no replicas, every slot assigned (`redis-cli --cluster create`). */
export async function startRedisCluster(): Promise<TestCluster> {
  const auth = ['--requirepass', TOPOLOGY_PASSWORD, '--masterauth', TOPOLOGY_PASSWORD];
  const nodes = await Promise.all(
    [0, 1, 2].map(() =>
      startRedisProcess([...auth, '--cluster-enabled', 'yes', '--cluster-node-timeout', '2000'], {
        configFile: async (port, dir) =>
          writeConfig(dir, `cluster-config-file ${join(dir, `nodes-${port}.conf`)}\n`),
      }),
    ),
  );
  const stop = async () => {
    await Promise.all(nodes.map((node) => node.stop()));
  };
  try {
    const addresses = nodes.map((node) => `127.0.0.1:${node.port}`);
    await run('redis-cli', [
      '-a',
      TOPOLOGY_PASSWORD,
      '--no-auth-warning',
      '--cluster',
      'create',
      ...addresses,
      '--cluster-yes',
    ]);
    await Promise.all(
      nodes.map((node) =>
        waitUntil(`cluster node ${node.port} reports cluster_state:ok`, async () =>
          (await ask(node.port, ['CLUSTER', 'INFO'])).includes('cluster_state:ok'),
        ),
      ),
    );
  } catch (error) {
    await stop();
    throw error;
  }
  return {
    url: `redis-cluster://:${TOPOLOGY_PASSWORD}@${nodes.map((n) => `127.0.0.1:${n.port}`).join(',')}`,
    nodes,
    stop,
  };
}

export interface TestSentinels {
  /** redis-sentinel://:password@127.0.0.1:s1,…/trailwatch-primary */
  url: string;
  primary: RedisProcess;
  replica: RedisProcess;
  sentinels: RedisProcess[];
  /** The port the Sentinels currently name as primary. */
  primaryPort(): Promise<number>;
  stop(): Promise<void>;
}

/**
 * A primary, one replica, three Sentinels (quorum 2) with short timers, so a killed primary is replaced
 * within seconds: down after `downAfterMs`, failover retried after `failoverTimeoutMs`.
 */
export async function startRedisSentinels(
  options: { downAfterMs?: number; failoverTimeoutMs?: number } = {},
): Promise<TestSentinels> {
  const auth = ['--requirepass', TOPOLOGY_PASSWORD, '--masterauth', TOPOLOGY_PASSWORD];
  const started: RedisProcess[] = [];
  const stop = async () => {
    await Promise.all(started.map((node) => node.stop()));
  };
  try {
    const primary = await startRedisProcess(auth);
    started.push(primary);
    const replica = await startRedisProcess([...auth, '--replicaof', '127.0.0.1', String(primary.port)]);
    started.push(replica);
    await waitUntil('the replica is in sync with the primary', async () =>
      (await ask(replica.port, ['INFO', 'replication'])).includes('master_link_status:up'),
    );
    const monitor = [
      `sentinel monitor ${PRIMARY_NAME} 127.0.0.1 ${primary.port} 2`,
      `sentinel auth-pass ${PRIMARY_NAME} ${TOPOLOGY_PASSWORD}`,
      `sentinel down-after-milliseconds ${PRIMARY_NAME} ${options.downAfterMs ?? 500}`,
      `sentinel failover-timeout ${PRIMARY_NAME} ${options.failoverTimeoutMs ?? 2000}`,
      '',
    ].join('\n');
    const sentinels = await Promise.all(
      [0, 1, 2].map(() =>
        startRedisProcess(['--sentinel'], { configFile: (_port, dir) => writeConfig(dir, monitor) }),
      ),
    );
    started.push(...sentinels);
    // A failover needs a quorum of Sentinels that know each other and the replica (hello messages, ~2 s).
    for (const sentinel of sentinels) {
      await waitUntil(
        `sentinel ${sentinel.port} knows the replica and the two other Sentinels`,
        async () => {
          const info = await ask(sentinel.port, ['SENTINEL', 'MASTER', PRIMARY_NAME], false);
          return /num-slaves\n1\n/.test(info) && /num-other-sentinels\n2\n/.test(info);
        },
        15_000,
      );
    }
    const hosts = sentinels.map((s) => `127.0.0.1:${s.port}`).join(',');
    return {
      url: `redis-sentinel://:${TOPOLOGY_PASSWORD}@${hosts}/${PRIMARY_NAME}`,
      primary,
      replica,
      sentinels,
      async primaryPort() {
        const answer = await ask(
          sentinels[0]?.port ?? 0,
          ['SENTINEL', 'GET-MASTER-ADDR-BY-NAME', PRIMARY_NAME],
          false,
        );
        return Number(answer.split('\n')[1]);
      },
      stop,
    };
  } catch (error) {
    await stop();
    throw error;
  }
}

/** One command through redis-cli, its reply as text (errors included, not thrown). */
export async function ask(port: number, command: string[], withPassword = true): Promise<string> {
  const auth = withPassword ? ['-a', TOPOLOGY_PASSWORD, '--no-auth-warning'] : [];
  try {
    const { stdout } = await run('redis-cli', ['-p', String(port), ...auth, ...command]);
    return stdout.replace(/\r/g, '');
  } catch (error) {
    return String(error);
  }
}

async function writeConfig(dir: string, text: string): Promise<string> {
  const file = join(dir, 'redis.conf');
  await writeFile(file, text);
  return file;
}
