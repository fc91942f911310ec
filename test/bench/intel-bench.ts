/**
 * `npm run bench:intel`: what the offline IP data costs (docs/ip-intel.md): RSS before and after each table
 * loads, how long the first IPv4 and IPv6 lookups take (they load the tables), and lookups per second
 * uncached (every lookup searches the ranges) and cached (1,000,000 lookups over 4,500 addresses, the
 * first of each a miss).
 */
import { performance } from 'node:perf_hooks';
import { createIpIntel } from '../../src/intel/ip-intel.js';

const MiB = 1024 ** 2;

/** A fixed sequence of numbers (a linear congruential generator), so every run looks up the same addresses. */
function sequence(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (Math.imul(state, 1_664_525) + 1_013_904_223) >>> 0;
    return state;
  };
}

/** Public-looking IPv4 (first octet 1-223, no 10/127) and IPv6 in 2000::/3 addresses. */
function addresses(count: number, seed: number): { v4: string[]; v6: string[] } {
  const next = sequence(seed);
  const v4: string[] = [];
  const v6: string[] = [];
  while (v4.length < count) {
    const n = next();
    const first = 1 + ((n >>> 24) % 223);
    if (first === 10 || first === 127) continue;
    v4.push(`${first}.${(n >>> 16) & 255}.${(n >>> 8) & 255}.${n & 255}`);
  }
  for (let i = 0; i < count; i += 1) {
    const groups = [0x2000 + (next() % 0x2000), next() & 0xffff, next() & 0xffff].map((g) => g.toString(16));
    v6.push(`${groups.join(':')}::1`);
  }
  return { v4, v6 };
}

function rssMiB(): string {
  globalThis.gc?.();
  return (process.memoryUsage().rss / MiB).toFixed(1);
}

function timed(run: () => void): number {
  const start = performance.now();
  run();
  return performance.now() - start;
}

function perSecond(count: number, ms: number): string {
  return Math.round((count / ms) * 1000).toLocaleString('en-US');
}

if (!globalThis.gc)
  process.stderr.write('run with --expose-gc (npm run bench:intel does) for steady RSS figures\n');
const uncached = createIpIntel({ cacheSize: 0 });
const lines = [`data: ${uncached.dataVersion}`, `RSS before loading: ${rssMiB()} MiB`];
lines.push(
  `first public IPv4 lookup (loads the IPv4 tables): ${timed(() => uncached.lookup('8.8.8.8')).toFixed(0)} ms`,
);
lines.push(`RSS with the IPv4 tables: ${rssMiB()} MiB`);
lines.push(
  `first IPv6 lookup (loads the IPv6 tables): ${timed(() => uncached.lookup('2001:4860::8888')).toFixed(0)} ms`,
);
lines.push(`RSS with both: ${rssMiB()} MiB`);
const { v4, v6 } = addresses(200_000, 7);
const v4Ms = timed(() => {
  for (const ip of v4) uncached.lookup(ip);
});
const v6Ms = timed(() => {
  for (const ip of v6) uncached.lookup(ip);
});
lines.push(
  `uncached: ${perSecond(v4.length, v4Ms)} IPv4 lookups/s, ${perSecond(v6.length, v6Ms)} IPv6 lookups/s`,
);

const cached = createIpIntel();
cached.lookup('8.8.8.8'); // loads its IPv4 tables outside the timing
const distinct = v4.slice(0, 4_500);
const cachedMs = timed(() => {
  for (let i = 0; i < 1_000_000; i += 1) cached.lookup(distinct[i % distinct.length] as string);
});
lines.push(
  `cached: 1,000,000 lookups over 4,500 addresses in ${(cachedMs / 1000).toFixed(2)} s (${perSecond(1_000_000, cachedMs)}/s)`,
);
process.stdout.write(`${lines.join('\n')}\n`);
