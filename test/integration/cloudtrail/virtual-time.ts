/**
 * Virtual time for tests with several concurrent tasks: the clock stands still while any task is busy
 * (Redis, HTTP, computing) and jumps to the earliest wake-up once every task is asleep. So a request is
 * recorded by the fake at the same instant the limiter granted it, whatever this machine's speed.
 */

interface Sleeper {
  wakeAt: number;
  resolve: () => void;
}

export class VirtualTime {
  private current: number;
  private active = 0;
  private sleepers: Sleeper[] = [];
  /** Every sleep asked for, in order (ms). */
  readonly sleeps: number[] = [];

  constructor(start = 0) {
    this.current = start;
  }

  readonly clock = (): number => this.current;

  readonly sleep = (ms: number, signal?: AbortSignal): Promise<void> => {
    signal?.throwIfAborted();
    this.sleeps.push(ms);
    return new Promise<void>((resolve, reject) => {
      const sleeper: Sleeper = { wakeAt: this.current + Math.max(0, ms), resolve };
      signal?.addEventListener(
        'abort',
        () => {
          this.sleepers = this.sleepers.filter((s) => s !== sleeper);
          reject(signal.reason);
        },
        { once: true },
      );
      this.sleepers.push(sleeper);
      this.advanceIfAllAsleep();
    });
  };

  /** Moves the clock by hand, e.g. between two polls. */
  advance(ms: number): void {
    this.current += ms;
  }

  /** Runs one task; the clock waits for it whenever it is not asleep. */
  async run<T>(task: () => Promise<T>): Promise<T> {
    this.active += 1;
    try {
      return await task();
    } finally {
      this.active -= 1;
      this.advanceIfAllAsleep();
    }
  }

  private advanceIfAllAsleep(): void {
    if (this.sleepers.length === 0 || this.sleepers.length < this.active) return;
    const next = Math.min(...this.sleepers.map((s) => s.wakeAt));
    this.current = Math.max(this.current, next);
    const due = this.sleepers.filter((s) => s.wakeAt <= this.current);
    this.sleepers = this.sleepers.filter((s) => s.wakeAt > this.current);
    for (const sleeper of due) sleeper.resolve();
  }
}
