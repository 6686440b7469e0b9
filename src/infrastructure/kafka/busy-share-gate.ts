import { setTimeout as delay } from "node:timers/promises";

export interface BusyShareGateOptions {
  /** At most this share of the wall time spent inside run() (0 < share <= 1); 1 lets every run through at once. */
  share: number;
  /** The longest pause between two runs, however long the last one took. */
  maxPauseMs: number;
  /** Milliseconds clock and pause; Date.now and a timer unless a test needs others. */
  now?: () => number;
  sleep?: (ms: number) => Promise<unknown>;
}

/**
 * Spreads a process's background work out in time so that it does not take the machine's CPU
 * in bursts from a latency-bound neighbour on the same cores. With a share below 1, runs go one
 * at a time, and after a run that took T ms the next starts at least T * (1 / share - 1) ms
 * later (at most maxPauseMs), the rule IntervalJob's busyShare applies to a scheduled job. The
 * invoice consumer grants through one: bench:draw measured each
 * fetch's grants, all partitions at once, as bursts that held up the draws' answers; at a share
 * of 0.3 the draws' p95 at 70 % of the maximum rate fell from a median of 21 ms to 15 ms and p99
 * from 36 ms to 30 ms (six and eight runs, alternated), the maximum rate unchanged.
 */
export class BusyShareGate {
  private readonly share: number;
  private readonly maxPauseMs: number;
  private readonly now: () => number;
  private readonly sleep: (ms: number) => Promise<unknown>;
  // The last queued run; each waits for the one before it. Never rejects.
  private tail: Promise<void> = Promise.resolve();
  private nextStartAt = 0;

  constructor(options: BusyShareGateOptions) {
    if (!(options.share > 0 && options.share <= 1)) throw new Error(`busy share must be in (0, 1], got ${options.share}`);
    this.share = options.share;
    this.maxPauseMs = options.maxPauseMs;
    this.now = options.now ?? Date.now;
    this.sleep = options.sleep ?? delay;
  }

  /** Runs `work` in its turn; `stillWanted` is asked once the turn came, and false skips it (undefined). */
  async run<T>(work: () => Promise<T>, stillWanted: () => boolean = () => true): Promise<T | undefined> {
    if (this.share === 1) return work();
    const before = this.tail;
    let done!: () => void;
    this.tail = new Promise<void>((resolve) => (done = resolve));
    try {
      await before;
      const wait = this.nextStartAt - this.now();
      if (wait > 0) await this.sleep(wait);
      if (!stillWanted()) return undefined;
      const startedAt = this.now();
      try {
        return await work();
      } finally {
        const took = this.now() - startedAt;
        this.nextStartAt = this.now() + Math.min(this.maxPauseMs, took * (1 / this.share - 1));
      }
    } finally {
      done();
    }
  }
}
