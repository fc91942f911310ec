/** The real `trailwatch demo` binary: says what to open, serves the page, and Ctrl-C stops all it started. */
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdtempSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { waitUntil } from '../../helpers/wait-until.js';

const CLI = join(import.meta.dirname, '../../../dist/src/cli.js');

function run(args: string[], env: NodeJS.ProcessEnv): { child: ChildProcess; output: () => string } {
  if (!existsSync(CLI)) throw new Error('dist/src/cli.js is missing: run `npm run build` (npm test does it)');
  const child = spawn(process.execPath, [CLI, 'demo', ...args], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout?.on('data', (chunk) => {
    output += String(chunk);
  });
  child.stderr?.on('data', (chunk) => {
    output += String(chunk);
  });
  return { child, output: () => output };
}

const exitOf = (child: ChildProcess) =>
  new Promise<number | null>((resolve) => {
    if (child.exitCode !== null) resolve(child.exitCode);
    else child.once('exit', (code) => resolve(code));
  });

/** True when something accepts connections on the port. */
function listening(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host: '127.0.0.1', port });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

describe('trailwatch demo (the binary)', () => {
  it('prints the page to open, serves it, and stops its Redis, servers and workers on Ctrl-C', async () => {
    const home = mkdtempSync(join(tmpdir(), 'trailwatch-demo-cli-'));
    // No REDIS_URL: the demo starts its own redis-server from PATH.
    const { child, output } = run(['--port', '0', '--incident-after', '3600'], {
      PATH: process.env.PATH,
      HOME: home,
      TMPDIR: home,
    });
    try {
      await waitUntil('the demo says what to open', () => /Open (http:\S+)/.test(output()), 60_000);
      const pageUrl = /Open (http:\S+)/.exec(output())?.[1] ?? '';
      const redisPort = Number(/private redis-server on port (\d+)/.exec(output())?.[1]);
      const eventsUrl = /answering Slack at (http:\S+)/.exec(output())?.[1] ?? '';
      const page = await fetch(pageUrl);
      expect(page.status).toBe(200);
      expect(await page.text()).toContain('trailwatch demo');
      const state = (await (await fetch(`${pageUrl}state`)).json()) as { channels: { name: string }[] };
      expect(state.channels.map((c) => c.name)).toEqual(['security-alerts', 'security-audit']);
      // Bolt refuses what the page did not sign: the page is the only way in.
      const unsigned = await fetch(eventsUrl, { method: 'POST', body: 'payload={}' });
      expect(unsigned.status).toBe(401);
      expect(await listening(redisPort)).toBe(true);

      child.kill('SIGINT');
      expect(await exitOf(child)).toBe(0);
      expect(output()).toContain('stopped');
      expect(await listening(redisPort)).toBe(false);
      expect(await listening(Number(new URL(pageUrl).port))).toBe(false);
      expect(await listening(Number(new URL(eventsUrl).port))).toBe(false);
    } finally {
      if (child.exitCode === null) child.kill('SIGKILL');
    }
  }, 90_000);

  it('says how to install redis-server when there is none and REDIS_URL is not set', async () => {
    const home = mkdtempSync(join(tmpdir(), 'trailwatch-demo-cli-'));
    const { child, output } = run(['--port', '0'], { PATH: home, HOME: home, TMPDIR: home });
    expect(await exitOf(child)).toBe(2);
    expect(output()).toContain(
      'redis-server is not on PATH: install it (Debian/Ubuntu: `apt-get install -y redis-server`',
    );
    expect(output()).toContain('or set REDIS_URL');
  }, 30_000);
});
