import type { Logger } from "../../application/ports/logger.port";
import type { Lifecycle } from "../../shared/lifecycle";

export interface IntervalJobOptions {
  name: string;
  intervalMs: number;
  run: () => Promise<unknown>;
  log: Logger;
  /**
   * At most this share of the time spent running (0 < share <= 1): after a run that took T ms,
   * the next waits at least T * (1 / share - 1) ms. For a job whose cost grows with the data (a
   * count over every order), so it slows down instead of taking the database over. Default 1.
   */
  busyShare?: number;
  /** Milliseconds clock used to space runs; Date.now unless a test needs another. */
  now?: () => number;
}

/**
 * Runs `run` on a schedule inside a worker process. The first run starts at once on start(),
 * so a freshly started worker catches up without waiting a whole interval; after that a run
 * starts `intervalMs` after the previous one started, or as soon as it finished when it took
 * longer. Runs never overlap within the process: scheduled runs and runOnce() share one queue,
 * and the next run is only scheduled (setTimeout chaining, never setInterval) once the last is
 * done. A failing run is logged and counted and the schedule goes on. Other processes may run
 * the same job at the same time: `run` itself must be safe for that (compare-and-set, SKIP LOCKED).
 * With `busyShare`, a run that took long pushes the next one further out.
 */
export class IntervalJob implements Lifecycle {
  readonly name: string;
  private readonly intervalMs: number;
  private readonly busyShare: number;
  private readonly run: () => Promise<unknown>;
  private readonly log: Logger;
  private readonly now: () => number;

  private scheduling = false;
  // Bumped by each start() and stop(), so a tick of an earlier schedule never re-arms itself.
  private generation = 0;
  private timer: NodeJS.Timeout | undefined;
  // The last queued run; every run waits for the one before it. Never rejects.
  private tail: Promise<void> = Promise.resolve();

  private completedRuns = 0;
  private failedRuns = 0;
  private latestError: unknown;

  constructor(options: IntervalJobOptions) {
    if (!Number.isFinite(options.intervalMs) || options.intervalMs <= 0) {
      throw new Error(`job ${options.name}: intervalMs must be a positive number, got ${options.intervalMs}`);
    }
    const busyShare = options.busyShare ?? 1;
    if (!(busyShare > 0 && busyShare <= 1)) throw new Error(`job ${options.name}: busyShare must be in (0, 1], got ${options.busyShare}`);
    this.name = options.name;
    this.intervalMs = options.intervalMs;
    this.busyShare = busyShare;
    this.run = options.run;
    this.log = options.log;
    this.now = options.now ?? Date.now;
  }

  /** Runs finished so far, failed ones included. */
  get runs(): number {
    return this.completedRuns;
  }

  /** Runs that threw or rejected. */
  get failures(): number {
    return this.failedRuns;
  }

  /** What the most recent failed run threw; undefined while none has failed. */
  get lastError(): unknown {
    return this.latestError;
  }

  async start(): Promise<void> {
    if (this.scheduling) return;
    this.scheduling = true;
    this.generation += 1;
    this.arm(this.generation, 0);
  }

  /** No run starts after this is called; resolves once a run in progress (or queued by runOnce) has finished. */
  async stop(): Promise<void> {
    this.scheduling = false;
    this.generation += 1;
    clearTimeout(this.timer);
    this.timer = undefined;
    await this.tail;
  }

  /**
   * Runs the job now, after any run in progress: for tests and command-line use, started or not.
   * Rejects with the run's error (which is also logged and counted like a scheduled failure).
   */
  async runOnce(): Promise<void> {
    let failure: { error: unknown } | undefined;
    await this.enqueue(() => true, (error) => (failure = { error }));
    if (failure) throw failure.error;
  }

  private arm(generation: number, delayMs: number): void {
    this.timer = setTimeout(() => void this.tick(generation), delayMs);
  }

  private async tick(generation: number): Promise<void> {
    const current = () => this.scheduling && generation === this.generation;
    let startedAt = this.now();
    await this.enqueue(
      () => {
        startedAt = this.now();
        return current();
      },
      () => undefined,
    );
    if (!current()) return;
    const finishedAt = this.now();
    const rest = (finishedAt - startedAt) * (1 / this.busyShare - 1);
    this.arm(generation, Math.max(0, startedAt + this.intervalMs - finishedAt, rest));
  }

  /** Queues one run behind the others; `shouldRun` is asked when its turn comes, so stop() can still cancel it. */
  private enqueue(shouldRun: () => boolean, onFailure: (error: unknown) => void): Promise<void> {
    const turn = this.tail.then(async () => {
      if (!shouldRun()) return;
      try {
        await this.run();
      } catch (error) {
        this.failedRuns += 1;
        this.latestError = error;
        this.log.error(
          { job: this.name, err: error instanceof Error ? error.message : String(error), failures: this.failedRuns },
          "job run failed; trying again at the next interval",
        );
        onFailure(error);
      } finally {
        this.completedRuns += 1;
      }
    });
    this.tail = turn;
    return turn;
  }
}
