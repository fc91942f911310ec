/** Runs the built binary (npm test builds first) the way a responder would. */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { record } from '../helpers/records.js';

const CLI = join(import.meta.dirname, '../../dist/src/cli.js');
const SAMPLE = join(import.meta.dirname, '../../examples/sample-trail');
let dir: string;
let trail: string;
const stop = record({
  eventSource: 'cloudtrail.amazonaws.com',
  eventName: 'StopLogging',
  readOnly: false,
  requestParameters: { name: 'org-trail' },
});

function trailwatch(args: string[], input?: string) {
  const result = spawnSync(process.execPath, [CLI, ...args], { input, encoding: 'utf8', timeout: 30_000 });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

beforeAll(() => {
  if (!existsSync(CLI)) throw new Error('dist/src/cli.js is missing: run `npm run build` (npm test does it)');
  dir = mkdtempSync(join(tmpdir(), 'trailwatch-cli-'));
  trail = join(dir, 'trail.json');
  writeFileSync(trail, JSON.stringify({ Records: [stop, 'not a record', record({ eventTime: 'never' })] }));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('the trailwatch binary', () => {
  it('is executable, so `npx trailwatch` runs it after npm ci', () => {
    expect(statSync(CLI).mode & 0o111).not.toBe(0);
    const result = spawnSync(CLI, ['help'], { encoding: 'utf8', timeout: 30_000 });
    expect(result.status).toBe(0);
    expect(result.stdout).toContain('usage: npx trailwatch scan');
  });
});

describe('trailwatch scan', () => {
  it('with --format json, prints exactly findings and stats, counting malformed records with reasons', () => {
    const { code, stdout } = trailwatch(['scan', trail, '--format', 'json']);
    expect(code).toBe(0);
    const output = JSON.parse(stdout);
    expect(Object.keys(output).sort()).toEqual(['findings', 'stats']);
    expect(output.findings.map((f: { detector: string }) => f.detector)).toContain(
      'cloudtrail-logging-stopped',
    );
    expect(output.stats).toMatchObject({ events: 3, malformed: 2 });
    expect(output.stats.malformedReasons).toEqual({
      'record is not a JSON object': 1,
      'eventTime is not a date': 1,
    });
  });

  it('by default, prints a table with the finding and a summary line', () => {
    const { code, stdout } = trailwatch(['scan', trail]);
    expect(code).toBe(0);
    expect(stdout).toMatch(/SEVERITY\s+DETECTOR\s+PRINCIPAL/);
    expect(stdout).toMatch(/critical\s+cloudtrail-logging-stopped\s+user\/alice/);
    expect(stdout).toContain('2 malformed record(s) skipped');
  });

  it('reads NDJSON from stdin with -', () => {
    const { code, stdout } = trailwatch(['scan', '-', '--format', 'ndjson'], `${JSON.stringify(stop)}\n`);
    expect(code).toBe(0);
    const lines = stdout
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line));
    expect(lines[0].detector).toBe('cloudtrail-logging-stopped');
    expect(lines.at(-1).stats.events).toBe(1);
  });

  it('with --min-severity above every finding, exits 0 and shows none', () => {
    const clean = join(dir, 'clean.json');
    writeFileSync(clean, JSON.stringify({ Records: [record()] }));
    const { code, stdout } = trailwatch(['scan', clean, '--format', 'json', '--min-severity', 'critical']);
    expect(code).toBe(0);
    expect(JSON.parse(stdout).findings).toEqual([]);
  });

  it('when a named file does not exist, exits non-zero naming the file', () => {
    const missing = join(dir, 'nope.json');
    const { code, stderr } = trailwatch(['scan', missing]);
    expect(code).toBe(2);
    expect(stderr).toContain(missing);
  });

  it("answers --help after any subcommand with that subcommand's usage, and an unknown option with it too", () => {
    for (const [verb, usage] of [
      ['scan', 'usage: npx trailwatch scan'],
      ['simulate', 'usage: npx trailwatch simulate'],
      ['start', 'usage: npx trailwatch start'],
      ['worker', 'usage: npx trailwatch start'],
      ['backfill', 'usage: npx trailwatch backfill'],
      ['findings', 'usage: npx trailwatch findings'],
      ['demo', 'usage: npx trailwatch demo'],
    ]) {
      const help = trailwatch([verb as string, '--help']);
      expect(help.code, verb).toBe(0);
      expect(help.stdout, verb).toContain(usage);
    }
    const unknown = trailwatch(['simulate', '--colour']);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain("Unknown option '--colour'");
    expect(unknown.stderr).toContain('usage: npx trailwatch simulate');
    expect(unknown.stderr).not.toContain('positional argument');
  });

  it('answers a bad option with a usage line', () => {
    const { code, stderr } = trailwatch(['scan', trail, '--format', 'xml']);
    expect(code).toBe(2);
    expect(stderr).toContain('usage: npx trailwatch scan');
    expect(trailwatch(['frobnicate']).stderr).toContain('unknown command "frobnicate"');
  });

  it('when its output is piped into head, exits 0 when head closes the pipe, without a stack trace', () => {
    // The sample's findings as JSON run past a pipe's 64 KiB buffer, so writing goes on after head leaves.
    const script = `"${process.execPath}" "${CLI}" scan "${SAMPLE}" --format json | head -c 100 > /dev/null; exit \${PIPESTATUS[0]}`;
    const result = spawnSync('bash', ['-c', script], { encoding: 'utf8', timeout: 60_000 });
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
  });

  it('when a FIFO is named, reads it to its end', () => {
    const fifo = join(dir, 'pipe.json');
    expect(spawnSync('mkfifo', [fifo]).status).toBe(0);
    const script = `cat "${trail}" > "${fifo}" & "${process.execPath}" "${CLI}" scan "${fifo}" --format json`;
    const result = spawnSync('bash', ['-c', script], { encoding: 'utf8', timeout: 30_000 });
    expect(result.status).toBe(0);
    expect(JSON.parse(result.stdout).stats).toMatchObject({ events: 3, malformed: 2 });
  });
});

describe('trailwatch findings', () => {
  it('when given a huge argument, says what was wrong without echoing all of it', () => {
    // Linux takes at most 128 KiB in one argument.
    const text = 'x'.repeat(100_000);
    for (const args of [['findings', '--format', text], [text]]) {
      const { code, stderr } = trailwatch(args);
      expect(code).toBe(2);
      expect(stderr.length).toBeLessThan(5_000);
      expect(stderr).toContain('100,000 characters');
    }
  });
});
