/** The FindingsStore contract, one suite run against every adapter (Hono's common.case.test.ts style). */
import { afterEach, describe } from 'vitest';
import type { FindingsStore, FindingsStoreOptions } from '../../src/findings/findings-store.js';
import { incidentCases } from './findings-store-incidents.case.js';
import { lifecycleCases } from './findings-store-lifecycle.case.js';
import { queryCases } from './findings-store-queries.case.js';
import { upsertCases } from './findings-store-upsert.case.js';

export interface FindingsStoreHarness {
  /** A store over fresh, empty storage, built with the options asked plus the harness's clock. */
  store: FindingsStore;
  /** A second client of the same storage (another connection, another worker). */
  second: FindingsStore;
  /** The stores' clock (epoch ms). */
  now(): number;
  /** Moves the stores' clock only (mutes, timestamps). */
  tick(ms: number): void;
  /** Lets time pass for expiry: moves the clock and, for Redis, waits as long in real time. */
  elapse(ms: number): Promise<void>;
  /** Removes what the test wrote (matters on a shared Redis). */
  cleanup?(): Promise<void>;
}

export type MakeFindingsStoreHarness = (options: FindingsStoreOptions) => Promise<FindingsStoreHarness>;

/** Gives each test a fresh harness and cleans it up afterwards. */
export type Fresh = (options?: Omit<FindingsStoreOptions, 'now'>) => Promise<FindingsStoreHarness>;

export function runFindingsStoreContract(name: string, makeHarness: MakeFindingsStoreHarness): void {
  describe(`${name}: FindingsStore contract`, () => {
    const cleanups: (() => Promise<void>)[] = [];
    afterEach(async () => {
      for (const cleanup of cleanups.splice(0)) await cleanup();
    });
    const fresh: Fresh = async (options = {}) => {
      const harness = await makeHarness(options);
      if (harness.cleanup) cleanups.push(harness.cleanup);
      return harness;
    };
    upsertCases(fresh);
    incidentCases(fresh);
    lifecycleCases(fresh);
    queryCases(fresh);
  });
}
