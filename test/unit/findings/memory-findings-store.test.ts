/** The in-memory adapter against the shared FindingsStore contract, two stores over one backend as two workers. */
import { describe, expect, it } from 'vitest';
import {
  createMemoryFindingsBackend,
  createMemoryFindingsStore,
} from '../../../src/findings/memory-findings-store.js';
import { runFindingsStoreContract } from '../../contract/findings-store.case.js';
import { burst } from '../../contract/findings-store.fixtures.js';

const START = Date.parse('2024-05-02T10:00:00.000Z');

runFindingsStoreContract('memory adapter', async (options) => {
  let now = START;
  const clock = () => now;
  const backend = createMemoryFindingsBackend(clock);
  return {
    store: createMemoryFindingsStore({ ...options, now: clock, backend }),
    second: createMemoryFindingsStore({ ...options, now: clock, backend }),
    now: clock,
    tick(ms) {
      now += ms;
    },
    async elapse(ms) {
      now += ms;
    },
  };
});

describe('createMemoryFindingsStore without a backend', () => {
  it('makes its own on the injected clock, so a ttl passes without waiting', async () => {
    let now = START;
    const store = createMemoryFindingsStore({ now: () => now, ttlMs: 60_000 });
    const [result] = await store.upsert([burst()]);
    now += 59_999;
    expect(await store.get(result?.finding.id as string)).toBeDefined();
    now += 1;
    expect(await store.get(result?.finding.id as string)).toBeUndefined();
  });
});
