/**
 * A private moto_server (the AWS emulator, https://github.com/getmoto/moto) on a free port: S3, SQS, SNS,
 * STS and IAM on one endpoint, its state gone when it stops. Tests that need it start one each.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { freePort } from '../../src/stand-ins/redis-process.js';

export interface TestMoto {
  /** http://127.0.0.1:PORT, for every service's endpoint. */
  endpoint: string;
  /** The moto_server process (a benchmark reads its CPU time). */
  pid: number | undefined;
  stop(): Promise<void>;
}

const READY_TIMEOUT_MS = 20_000;

export async function startMoto(): Promise<TestMoto> {
  const port = await freePort();
  const child = spawn('moto_server', ['-H', '127.0.0.1', '-p', String(port)], {
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let output = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    output = (output + chunk.toString()).slice(-4_000);
  });
  const endpoint = `http://127.0.0.1:${port}`;
  const failed = new Promise<never>((_, reject) => {
    child.once('error', (error: NodeJS.ErrnoException) =>
      reject(
        error.code === 'ENOENT'
          ? new Error("moto_server is not on PATH: install it with `pip install 'moto[server]'`")
          : error,
      ),
    );
    child.once('exit', (code, signal) =>
      reject(new Error(`moto_server exited (${signal ?? code}) before answering:\n${output}`)),
    );
  });
  failed.catch(() => {});
  const killOnExit = () => child.kill('SIGKILL');
  process.once('exit', killOnExit);
  const deadline = Date.now() + READY_TIMEOUT_MS;
  for (;;) {
    if (await Promise.race([answers(endpoint), failed])) break;
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`moto_server on port ${port} did not answer within ${READY_TIMEOUT_MS} ms`);
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return {
    endpoint,
    pid: child.pid,
    async stop() {
      process.off('exit', killOnExit);
      await kill(child);
    },
  };
}

/** moto serves its dashboard's API at /moto-api/: an answer there means the server is up. */
async function answers(endpoint: string): Promise<boolean> {
  try {
    const response = await fetch(`${endpoint}/moto-api/data.json`, { signal: AbortSignal.timeout(1_000) });
    await response.body?.cancel();
    return response.ok;
  } catch {
    return false;
  }
}

async function kill(child: ChildProcess): Promise<void> {
  if (child.pid === undefined || child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
  await exited;
  clearTimeout(timer);
}
