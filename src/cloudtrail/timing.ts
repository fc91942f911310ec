/** Injectable time for the poller: a clock in epoch milliseconds and an abortable sleep. */
import { setTimeout as delay } from 'node:timers/promises';

/** Epoch milliseconds. */
export type Clock = () => number;

/** Resolves after `ms`, or rejects with the signal's reason when it is aborted first. */
export type Sleep = (ms: number, signal?: AbortSignal) => Promise<void>;

export const systemClock: Clock = () => Date.now();

export const realSleep: Sleep = async (ms, signal) => {
  await delay(Math.max(0, ms), undefined, signal ? { signal } : undefined);
};
