/**
 * `npm run bench [-- --events N]`: how close a full scan comes to bare read + JSON.parse.
 *
 * Generates a gzipped trail folder (seed 1, 21 days, N records; default 1,000,000) under the system temp
 * folder, then runs two phases over it, alternating a, b, a, b and keeping the best time of each:
 *   a. read: readInputs() only (read, gunzip, JSON.parse), counting records;
 *   b. scan: runScan(), the whole pipeline (normalise, reorder, every detector, grouping).
 *
 * Each phase runs in its own child process. maxRSS (process.resourceUsage) is a high-water mark for the
 * life of a process, so measured in one process it would charge the generator's and the previous
 * phase's peak to every later phase; a fresh child per run gives each phase its own honest peak.
 * Children start with --expose-gc and collect once before timing, so the baseline is the same for both.
 */
import { spawn } from 'node:child_process';
import { mkdtemp, readdir, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { readInputs } from '../../src/cloudtrail/read-inputs.js';
import { runScan } from '../../src/scan/run-scan.js';
import { simulateRecords } from '../../src/simulate/simulate.js';
import { writeTrailFolder } from '../../src/simulate/write-trail-folder.js';

type Phase = 'read' | 'scan';

interface PhaseResult {
  phase: Phase;
  records: number;
  ms: number;
  /** Peak resident set of the child process, in KB. */
  maxRssKb: number;
  findings?: number;
}

const ORDER: Phase[] = ['read', 'scan', 'read', 'scan'];

/** Child side: run one phase over `dir` and print one JSON line. */
async function runPhase(phase: Phase, dir: string): Promise<void> {
  (globalThis as { gc?: () => void }).gc?.();
  const started = performance.now();
  let records = 0;
  let findings: number | undefined;
  if (phase === 'read') {
    for await (const batch of readInputs([dir])) records += batch.records.length + batch.unparsable.length;
  } else {
    const result = await runScan({ inputs: [dir] });
    records = result.stats.events;
    findings = result.stats.findings;
  }
  const ms = performance.now() - started;
  const out: PhaseResult = { phase, records, ms, maxRssKb: process.resourceUsage().maxRSS };
  if (findings !== undefined) out.findings = findings;
  process.stdout.write(`${JSON.stringify(out)}\n`);
}

function runChild(phase: Phase, dir: string): Promise<PhaseResult> {
  const script = fileURLToPath(import.meta.url);
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--expose-gc', script, '--phase', phase, '--dir', dir], {
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let stdout = '';
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString('utf8');
    });
    child.on('error', reject);
    child.on('close', (code) => {
      const line = stdout.trim().split('\n').at(-1) ?? '';
      if (code !== 0) return reject(new Error(`${phase} phase exited with code ${code}`));
      try {
        resolve(JSON.parse(line) as PhaseResult);
      } catch (error) {
        reject(new Error(`${phase} phase printed no result: ${line.slice(0, 200)}`, { cause: error }));
      }
    });
  });
}

async function folderBytes(dir: string): Promise<number> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  const sizes = await Promise.all(
    entries
      .filter((entry) => entry.isFile())
      .map(async (entry) => (await stat(join(entry.parentPath, entry.name))).size),
  );
  return sizes.reduce((a, b) => a + b, 0);
}

const perSecond = (records: number, ms: number) => Math.round((records / ms) * 1000);
const mb = (kb: number) => Math.round(kb / 1024);
const fmt = (n: number) => n.toLocaleString('en-US');

function best(results: PhaseResult[], phase: Phase): PhaseResult {
  const runs = results.filter((result) => result.phase === phase);
  const fastest = runs.reduce((a, b) => (b.ms < a.ms ? b : a));
  // Peak memory is a property of the phase, not of the fastest run: report the highest seen.
  return { ...fastest, maxRssKb: Math.max(...runs.map((run) => run.maxRssKb)) };
}

function printTable(rows: string[][]): void {
  const widths =
    rows[0]?.map((_, column) => Math.max(...rows.map((row) => (row[column] ?? '').length))) ?? [];
  for (const row of rows) {
    process.stdout.write(
      `${row.map((cell, i) => (i === 0 ? cell.padEnd(widths[i] ?? 0) : cell.padStart(widths[i] ?? 0))).join('  ')}\n`,
    );
  }
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: { events: { type: 'string' }, phase: { type: 'string' }, dir: { type: 'string' } },
  });
  if (values.phase) {
    if (values.phase !== 'read' && values.phase !== 'scan') throw new Error(`unknown phase ${values.phase}`);
    if (!values.dir) throw new Error('--phase needs --dir');
    return runPhase(values.phase, values.dir);
  }
  const events = values.events === undefined ? 1_000_000 : Number(values.events);
  if (!Number.isInteger(events) || events < 1) throw new Error('--events must be a whole number ≥ 1');

  const dir = await mkdtemp(join(tmpdir(), 'trailwatch-bench-'));
  try {
    process.stdout.write(`generating ~${fmt(events)} records (seed 1, 21 days) in ${dir} ...\n`);
    const started = performance.now();
    const written = await writeTrailFolder(simulateRecords({ seed: 1, days: 21, events }), {
      out: dir,
      gzip: true,
    });
    const generateMs = performance.now() - started;
    const generateRssKb = process.resourceUsage().maxRSS;
    const bytes = await folderBytes(dir);

    const results: PhaseResult[] = [];
    for (const phase of ORDER) {
      const result = await runChild(phase, dir);
      process.stdout.write(
        `  ${phase}: ${fmt(result.records)} records in ${(result.ms / 1000).toFixed(2)} s\n`,
      );
      results.push(result);
    }
    const read = best(results, 'read');
    const scan = best(results, 'scan');
    if (read.records !== scan.records)
      throw new Error(`phases disagree: read ${read.records}, scan ${scan.records}`);
    const ratio = scan.ms / read.ms;

    process.stdout.write('\n');
    printTable([
      ['phase', 'records', 'best s', 'events/s', 'peak RSS MB'],
      [
        'generate + write',
        fmt(written.records),
        (generateMs / 1000).toFixed(2),
        fmt(perSecond(written.records, generateMs)),
        fmt(mb(generateRssKb)),
      ],
      [
        'a. read + JSON.parse',
        fmt(read.records),
        (read.ms / 1000).toFixed(2),
        fmt(perSecond(read.records, read.ms)),
        fmt(mb(read.maxRssKb)),
      ],
      [
        'b. full scan',
        fmt(scan.records),
        (scan.ms / 1000).toFixed(2),
        fmt(perSecond(scan.records, scan.ms)),
        fmt(mb(scan.maxRssKb)),
      ],
    ]);
    process.stdout.write(
      `\nscan/read time ratio b/a: ${ratio.toFixed(2)}  (${written.files} files, ${fmt(Math.round(bytes / 1024))} KB gzipped, ${scan.findings ?? 0} findings)\n`,
    );
    const summary = {
      events: written.records,
      files: written.files,
      gzipBytes: bytes,
      generate: {
        ms: Math.round(generateMs),
        eventsPerSecond: perSecond(written.records, generateMs),
        maxRssMb: mb(generateRssKb),
      },
      read: {
        ms: Math.round(read.ms),
        eventsPerSecond: perSecond(read.records, read.ms),
        maxRssMb: mb(read.maxRssKb),
      },
      scan: {
        ms: Math.round(scan.ms),
        eventsPerSecond: perSecond(scan.records, scan.ms),
        maxRssMb: mb(scan.maxRssKb),
        findings: scan.findings ?? 0,
      },
      ratio: Number(ratio.toFixed(3)),
      node: process.version,
    };
    process.stdout.write(`${JSON.stringify(summary)}\n`);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  process.stderr.write(
    `scan-bench: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
  );
  process.exitCode = 1;
});
