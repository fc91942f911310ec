/** The state-store port: batched reads and writes, so a Redis adapter costs few round trips. */

/**
 * A value must be plain JSON data (objects, arrays, strings, numbers, booleans, null): the Redis adapter
 * stores JSON, so a Date would come back as a string and `undefined` can't be stored at all.
 */
export interface StateEntry<T> {
  key: string;
  value: T;
  /** Expiry in milliseconds; omitted keeps the value until it is overwritten; zero or less is already expired. */
  ttlMs?: number;
}

/**
 * Every call is one round trip to the backend at most, whatever the batch size, and an empty batch makes
 * none. Answers from getMany are in the order of the keys asked; a missing or expired key is `undefined`.
 */
export interface StateStore<T = unknown> {
  getMany(keys: readonly string[]): Promise<(T | undefined)[]>;
  setMany(entries: readonly StateEntry<T>[]): Promise<void>;
  deleteMany(keys: readonly string[]): Promise<void>;
}
