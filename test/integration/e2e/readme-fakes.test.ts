/**
 * The README's "Run `npx trailwatch start` against the fakes", as a newcomer runs it: `npm run fakes`' script in one
 * process, then the built `trailwatch start` with `.fakes.env` and examples/trailwatch-fakes.yml in another;
 * the incident and its three findings appear in the first one's output.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { waitUntil } from '../../helpers/wait-until.js';

const ROOT = join(import.meta.dirname, '../../..');
const CLI = join(ROOT, 'dist/src/cli.js');
const FAKES = join(ROOT, 'dist/test/fakes/serve-fakes.js');
const children: ChildProcess[] = [];

function run(args: string[], options: { cwd: string; env: NodeJS.ProcessEnv }) {
  const child = spawn(process.execPath, args, { ...options, stdio: ['ignore', 'pipe', 'pipe'] });
  children.push(child);
  const output = { text: '' };
  child.stdout?.on('data', (chunk) => {
    output.text += String(chunk);
  });
  child.stderr?.on('data', (chunk) => {
    output.text += String(chunk);
  });
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return { child, output, exited };
}

/** `.fakes.env` as `set -a; . ./.fakes.env` reads it: NAME=value lines. */
function readEnvFile(path: string): Record<string, string> {
  const lines = readFileSync(path, 'utf8').split('\n').filter(Boolean);
  return Object.fromEntries(
    lines.map((line) => [line.slice(0, line.indexOf('=')), line.slice(line.indexOf('=') + 1)]),
  );
}

afterAll(() => {
  for (const child of children) if (child.exitCode === null) child.kill('SIGKILL');
});

describe("the README's bot against the fakes", () => {
  it('posts the stolen key incident and its three findings, and both processes stop cleanly', async () => {
    for (const built of [CLI, FAKES]) {
      if (!existsSync(built))
        throw new Error(`${built} is missing: run \`npm run build\` (npm test does it)`);
    }
    const dir = mkdtempSync(join(tmpdir(), 'trailwatch-readme-fakes-'));
    const fakes = run([FAKES], { cwd: dir, env: { PATH: process.env.PATH } });
    await waitUntil('the fakes wrote .fakes.env', () => fakes.output.text.includes('Ctrl-C'), 30_000);
    expect(fakes.output.text).toContain('npx trailwatch start --config examples/trailwatch-fakes.yml');

    const env = readEnvFile(join(dir, '.fakes.env'));
    expect(env.REDIS_URL).toMatch(/^redis:\/\/127\.0\.0\.1:\d+$/);
    const bot = run([CLI, 'start', '--config', join(ROOT, 'examples/trailwatch-fakes.yml')], {
      cwd: dir,
      env: { PATH: process.env.PATH, HOME: dir, ...env },
    });
    const posts = () => fakes.output.text.split('\n').filter((line) => line.startsWith('#C0ALERTS01'));
    try {
      await waitUntil('the incident and three findings are posted', () => posts().length >= 4, 60_000);
    } finally {
      bot.child.kill('SIGTERM');
    }
    expect(await bot.exited).toBe(0);
    expect(posts()[0]).toContain('incident: 3 finding(s) for key AKIAFAKESTOLENKEY001');
    const replies = posts().slice(1).sort();
    expect(replies).toEqual([
      expect.stringContaining('(in the thread)  🚨 CRITICAL Administrator policy attached'),
      expect.stringContaining('(in the thread)  🚨 CRITICAL CloudTrail logging stopped or trail deleted'),
      expect.stringContaining('(in the thread)  🟠 MEDIUM IAM user created'),
    ]);
    expect(bot.output.text).not.toMatch(/"level":50/);

    fakes.child.kill('SIGINT');
    expect(await fakes.exited).toBe(0);
  }, 120_000);
});
