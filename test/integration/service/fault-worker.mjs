// A detect worker in a child process, built from dist/, for the SIGKILL fault test (faults.test.ts).
// FAULT_BLOCK=1: the processor prints "active <jobId>" and never returns, so the parent can kill the
// process while the job is active and its lock held. Args come from env: REDIS_URL, PREFIX, LOCK_MS, STALLED_MS.
import { Worker } from 'bullmq';
import { QUEUE_NAMES } from '../../../dist/jobs/queues.js';

const url = new URL(process.env.REDIS_URL);
// The run's shared Redis gives each test file a database of its own: keep its number.
const db = Number(url.pathname.slice(1) || 0);
const connection = { host: url.hostname, port: Number(url.port), db, maxRetriesPerRequest: null };
const lockDuration = Number(process.env.LOCK_MS ?? 2000);
// Every worker's stalled check sets a key that holds off the others' for its interval: keep it short.
const stalledInterval = Number(process.env.STALLED_MS ?? 500);

const worker = new Worker(
  QUEUE_NAMES.detect,
  async (job) => {
    process.stdout.write(`active ${job.id}\n`);
    if (process.env.FAULT_BLOCK === '1') await new Promise(() => {});
    throw new Error('fault-worker only blocks');
  },
  { connection, prefix: `${process.env.PREFIX}:bull`, lockDuration, stalledInterval, concurrency: 1 },
);
worker.on('error', (error) => process.stderr.write(`worker error: ${error}\n`));
worker.on('ready', () => process.stdout.write('ready\n'));
