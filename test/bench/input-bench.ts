/**
 * `npm run bench:input [-- --gib 3] [--bomb-gib 3] [--zeros-gib 10]`: what a scan costs on hostile and
 * huge inputs (issue 13, rows 4 and 11). Each input is made on the fly under the system temp folder and
 * removed after:
 *   big:   one single-line {"Records":[...]} file of --gib GiB (default 3), scanned whole;
 *   bomb:  a folder holding a trail file, a gzip that expands to --bomb-gib GiB of records, and another
 *          trail file: the bomb is refused naming it and the scan goes on;
 *   zeros: a folder as above whose middle file gunzips to --zeros-gib GiB of zeros.
 * Each scan runs in its own child process, so its peak RSS (process.resourceUsage().maxRSS) is its own.
 */
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { createWriteStream } from 'node:fs';
import { mkdir, mkdtemp, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { gzipSync } from 'node:zlib';
import { runScan } from '../../src/scan/run-scan.js';

const GiB = 1024 ** 3;
const MiB = 1024 ** 2;
const START = Date.parse('2026-03-02T00:00:00Z');

interface ScanOutcome {
  ok: boolean;
  events: number;
  files: number;
  malformed: number;
  findings: number;
  /** Why files were skipped, as the scan reports them; or the error that stopped it. */
  reasons: string[];
  ms: number;
  maxRssKb: number;
}

/** A CloudTrail-like record of about 1 KB; `i` moves the time on by 100 ms and varies the caller. */
function record(i: number): string {
  const user = `user-${i % 50}`;
  return JSON.stringify({
    eventVersion: '1.09',
    userIdentity: {
      type: 'IAMUser',
      principalId: `AIDAEXAMPLE${i % 50}`,
      arn: `arn:aws:iam::123456789012:user/${user}`,
      accountId: '123456789012',
      accessKeyId: `AKIAEXAMPLE${String(i % 50).padStart(9, '0')}`,
      userName: user,
    },
    eventTime: new Date(START + i * 100).toISOString().replace('.000Z', 'Z'),
    eventSource: i % 3 === 0 ? 's3.amazonaws.com' : 'ec2.amazonaws.com',
    eventName: i % 3 === 0 ? 'ListBuckets' : 'DescribeInstances',
    awsRegion: 'us-east-1',
    sourceIPAddress: `198.51.100.${i % 200}`,
    userAgent:
      'aws-cli/2.15.0 Python/3.11.6 Linux/6.1 exe/x86_64.amzn.2 prompt/off command/ec2.describe-instances',
    requestParameters: { filterSet: {}, instancesSet: {}, maxResults: 1000 },
    responseElements: null,
    requestID: `req-${i.toString(16).padStart(12, '0')}-0000-4000-8000-000000000000`,
    eventID: `evt-${i.toString(16).padStart(12, '0')}-0000-4000-8000-000000000000`,
    readOnly: true,
    eventType: 'AwsApiCall',
    managementEvent: true,
    recipientAccountId: '123456789012',
    eventCategory: 'Management',
    tlsDetails: {
      tlsVersion: 'TLSv1.3',
      cipherSuite: 'TLS_AES_128_GCM_SHA256',
      clientProvidedHostHeader: 'ec2.us-east-1.amazonaws.com',
    },
  });
}

/** Writes one line `{"Records":[…]}` of at least `bytes`, a few MB at a time. */
async function writeBigTrail(path: string, bytes: number): Promise<number> {
  const out = createWriteStream(path);
  let written = 0;
  let i = 0;
  const write = async (text: string) => {
    written += Buffer.byteLength(text);
    if (!out.write(text)) await once(out, 'drain');
  };
  await write('{"Records":[');
  while (written < bytes) {
    const parts: string[] = [];
    for (let k = 0; k < 4_000; k += 1, i += 1) parts.push(record(i));
    await write(`${i > 4_000 ? ',' : ''}${parts.join(',')}`);
  }
  await write(']}');
  out.end();
  await once(out, 'finish');
  return i;
}

/**
 * gzip members glued together (`cat a.gz b.gz` is one valid gzip): one member compressed once and
 * repeated makes a multi-GiB expansion in seconds.
 */
async function writeGzipBomb(path: string, head: string, block: Buffer, blocks: number, tail: string) {
  const out = createWriteStream(path);
  const member = gzipSync(block, { level: 9 });
  out.write(gzipSync(head));
  for (let k = 0; k < blocks; k += 1) if (!out.write(member)) await once(out, 'drain');
  out.write(gzipSync(tail));
  out.end();
  await once(out, 'finish');
}

async function trailFile(path: string, from: number): Promise<void> {
  const records = Array.from({ length: 100 }, (_, k) => record(from + k));
  await writeFile(path, gzipSync(`{"Records":[${records.join(',')}]}`));
}

/** A folder: a trail file, the hostile one, another trail file (in that order by their stamps). */
async function folderAround(dir: string, makeMiddle: (path: string) => Promise<void>): Promise<string> {
  const folder = join(dir, 'AWSLogs/123456789012/CloudTrail/us-east-1/2026/03/02');
  await mkdir(folder, { recursive: true });
  const name = (stamp: string) => join(folder, `123456789012_CloudTrail_us-east-1_${stamp}_bench.json.gz`);
  await trailFile(name('20260302T0000Z'), 0);
  await makeMiddle(name('20260302T0005Z'));
  await trailFile(name('20260302T0010Z'), 100);
  return join(dir, 'AWSLogs');
}

/** Child side: scan `path` and print one JSON line. */
async function scanChild(path: string): Promise<void> {
  const started = performance.now();
  let outcome: Omit<ScanOutcome, 'ms' | 'maxRssKb'>;
  try {
    const { stats } = await runScan({ inputs: [path] });
    outcome = {
      ok: true,
      events: stats.events,
      files: stats.files,
      malformed: stats.malformed,
      findings: stats.findings,
      reasons: Object.keys(stats.malformedReasons),
    };
  } catch (error) {
    outcome = {
      ok: false,
      events: 0,
      files: 0,
      malformed: 0,
      findings: 0,
      reasons: [(error as Error).message],
    };
  }
  const result: ScanOutcome = {
    ...outcome,
    ms: Math.round(performance.now() - started),
    maxRssKb: process.resourceUsage().maxRSS,
  };
  process.stdout.write(`${JSON.stringify(result)}\n`);
}

function scanInChild(path: string): Promise<ScanOutcome> {
  const script = fileURLToPath(import.meta.url);
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [script, '--scan', path], { stdio: ['ignore', 'pipe', 'inherit'] });
    let stdout = '';
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString('utf8');
    });
    child.on('error', reject);
    child.on('close', (code) => {
      if (code !== 0) return reject(new Error(`scan of ${path} exited with code ${code}`));
      resolve(JSON.parse(stdout.trim().split('\n').at(-1) ?? '') as ScanOutcome);
    });
  });
}

const mb = (kb: number) => Math.round(kb / 1024);

function report(name: string, input: string, outcome: ScanOutcome): void {
  process.stdout.write(
    `${name}: ${input}\n` +
      `  ${outcome.ok ? 'scanned' : 'refused'} in ${(outcome.ms / 1000).toFixed(1)} s, peak RSS ${mb(outcome.maxRssKb)} MB; ` +
      `${outcome.events.toLocaleString('en-US')} records from ${outcome.files} files, ${outcome.malformed} malformed\n` +
      outcome.reasons.map((reason) => `  reason: ${reason.slice(0, 300)}\n`).join(''),
  );
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      scan: { type: 'string' },
      gib: { type: 'string', default: '3' },
      'bomb-gib': { type: 'string', default: '3' },
      'zeros-gib': { type: 'string', default: '10' },
    },
  });
  if (values.scan) return scanChild(values.scan);
  const dir = await mkdtemp(join(tmpdir(), 'trailwatch-input-bench-'));
  const summary: Record<string, unknown> = { node: process.version };
  try {
    const gib = Number(values.gib);
    if (gib > 0) {
      const path = join(dir, 'big-trail.json');
      const started = performance.now();
      const records = await writeBigTrail(path, gib * GiB);
      const size = (await stat(path)).size;
      process.stdout.write(
        `wrote ${(size / GiB).toFixed(2)} GiB, ${records.toLocaleString('en-US')} records on one line, in ${((performance.now() - started) / 1000).toFixed(0)} s\n`,
      );
      const outcome = await scanInChild(path);
      report('big', `one {"Records"} line of ${(size / GiB).toFixed(2)} GiB`, outcome);
      summary.big = { bytes: size, ...outcome, maxRssMb: mb(outcome.maxRssKb) };
      await rm(path);
    }

    const bombGib = Number(values['bomb-gib']);
    if (bombGib > 0) {
      // 64 MiB of identical records per member.
      const one = record(7);
      const block = Buffer.from(`${`${one},`.repeat(Math.floor((64 * MiB) / (one.length + 1)))}`);
      const blocks = Math.ceil((bombGib * GiB) / block.length);
      let size = 0;
      const folder = await folderAround(join(dir, 'bomb'), async (path) => {
        await writeGzipBomb(path, '{"Records":[', block, blocks, `${one}]}`);
        size = (await stat(path)).size;
      });
      const outcome = await scanInChild(folder);
      report(
        'bomb',
        `folder with a ${(size / MiB).toFixed(1)} MB gzip of ${bombGib} GiB of records`,
        outcome,
      );
      summary.bomb = {
        gzipBytes: size,
        expandsTo: blocks * block.length,
        ...outcome,
        maxRssMb: mb(outcome.maxRssKb),
      };
    }

    const zerosGib = Number(values['zeros-gib']);
    if (zerosGib > 0) {
      const block = Buffer.alloc(64 * MiB);
      const blocks = Math.ceil((zerosGib * GiB) / block.length);
      let size = 0;
      const folder = await folderAround(join(dir, 'zeros'), async (path) => {
        await writeGzipBomb(path, '', block, blocks, '');
        size = (await stat(path)).size;
      });
      const outcome = await scanInChild(folder);
      report(
        'zeros',
        `folder with a ${(size / MiB).toFixed(1)} MB gzip of ${zerosGib} GiB of zeros`,
        outcome,
      );
      summary.zeros = {
        gzipBytes: size,
        expandsTo: blocks * block.length,
        ...outcome,
        maxRssMb: mb(outcome.maxRssKb),
      };
    }
    process.stdout.write(`${JSON.stringify(summary)}\n`);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  process.stderr.write(
    `input-bench: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
  );
  process.exitCode = 1;
});
