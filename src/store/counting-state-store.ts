/** A StateStore decorator that counts round trips, so the benchmark can report them per 1,000 events. */
import type { StateEntry, StateStore } from './state-store.js';

export interface RoundTripCounts {
  getMany: number;
  setMany: number;
  deleteMany: number;
  total: number;
}

export interface CountingStateStore<T> extends StateStore<T> {
  /** A snapshot of the counts since creation or the last reset(). */
  counts(): RoundTripCounts;
  reset(): void;
}

/**
 * Counts the calls that reach the backend. The port promises one round trip per call at most and none
 * for an empty batch (the contract tests hold every adapter to it), so a non-empty call is one round trip.
 */
export function createCountingStateStore<T>(inner: StateStore<T>): CountingStateStore<T> {
  let getMany = 0;
  let setMany = 0;
  let deleteMany = 0;
  return {
    getMany(keys: readonly string[]) {
      if (keys.length > 0) getMany += 1;
      return inner.getMany(keys);
    },
    setMany(entries: readonly StateEntry<T>[]) {
      if (entries.length > 0) setMany += 1;
      return inner.setMany(entries);
    },
    deleteMany(keys: readonly string[]) {
      if (keys.length > 0) deleteMany += 1;
      return inner.deleteMany(keys);
    },
    counts() {
      return { getMany, setMany, deleteMany, total: getMany + setMany + deleteMany };
    },
    reset() {
      getMany = 0;
      setMany = 0;
      deleteMany = 0;
    },
  };
}
