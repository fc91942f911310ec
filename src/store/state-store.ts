/** The state-store port: batched reads and writes, so a Redis adapter costs few round trips. */

export interface StateEntry<T> {
  key: string;
  value: T;
  /** Expiry in milliseconds; omitted keeps the value until it is overwritten. */
  ttlMs?: number;
}

export interface StateStore<T = unknown> {
  getMany(keys: readonly string[]): Promise<(T | undefined)[]>;
  setMany(entries: readonly StateEntry<T>[]): Promise<void>;
  deleteMany(keys: readonly string[]): Promise<void>;
}
