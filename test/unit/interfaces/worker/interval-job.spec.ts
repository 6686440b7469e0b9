import type { Logger } from "../../../../src/application/ports/logger.port";
import { IntervalJob } from "../../../../src/interfaces/worker/interval-job";

const INTERVAL = 100;

function fakeLog(): jest.Mocked<Logger> {
  return { debug: jest.fn(), info: jest.fn(), warn: jest.fn(), error: jest.fn() };
}

function deferred(): { promise: Promise<void>; resolve: () => void } {
  let resolve!: () => void;
  const promise = new Promise<void>((r) => (resolve = r));
  return { promise, resolve };
}

/** A run that records how many copies of itself are running at once. */
function concurrencyProbe(body: () => Promise<void>) {
  const probe = { calls: 0, active: 0, maxActive: 0, startedAt: [] as number[] };
  const run = async () => {
    probe.calls += 1;
    probe.active += 1;
    probe.maxActive = Math.max(probe.maxActive, probe.active);
    probe.startedAt.push(Date.now());
    try {
      await body();
    } finally {
      probe.active -= 1;
    }
  };
  return { probe, run };
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

describe("IntervalJob", () => {
  let job: IntervalJob | undefined;

  beforeEach(() => jest.useFakeTimers({ now: 0 }));
  afterEach(async () => {
    const stopping = job?.stop();
    await jest.runOnlyPendingTimersAsync();
    await stopping;
    job = undefined;
    jest.useRealTimers();
  });

  it("runs at once on start, then once every interval", async () => {
    const { probe, run } = concurrencyProbe(() => Promise.resolve());
    job = new IntervalJob({ name: "tick", intervalMs: INTERVAL, run, log: fakeLog() });

    await job.start();
    await jest.advanceTimersByTimeAsync(0);
    expect(probe.calls).toBe(1);
    await jest.advanceTimersByTimeAsync(INTERVAL * 3);

    expect(probe.startedAt).toEqual([0, 100, 200, 300]);
    expect(job.runs).toBe(4);
    expect(job.failures).toBe(0);
  });

  it("never overlaps runs: a run taking three intervals keeps concurrency at 1 and the next starts when it ends", async () => {
    const { probe, run } = concurrencyProbe(() => sleep(INTERVAL * 3));
    job = new IntervalJob({ name: "slow", intervalMs: INTERVAL, run, log: fakeLog() });

    await job.start();
    await jest.advanceTimersByTimeAsync(INTERVAL * 10);

    expect(probe.maxActive).toBe(1);
    expect(probe.calls).toBe(4);
    // Each run starts when the previous one ended (setTimeout's 1 ms floor aside), not an interval later.
    const gaps = probe.startedAt.slice(1).map((at, i) => at - probe.startedAt[i]);
    for (const gap of gaps) expect(gap).toBeGreaterThanOrEqual(INTERVAL * 3);
    for (const gap of gaps) expect(gap).toBeLessThan(INTERVAL * 3 + 5);
  });

  it("spaces runs by the interval measured from each run's start", async () => {
    const { probe, run } = concurrencyProbe(() => sleep(40));
    job = new IntervalJob({ name: "spaced", intervalMs: INTERVAL, run, log: fakeLog() });

    await job.start();
    await jest.advanceTimersByTimeAsync(INTERVAL * 2 + 50);

    expect(probe.startedAt).toEqual([0, 100, 200]);
  });

  it("with a busy share, waits after a long run so that running takes at most that share of the time", async () => {
    let took = 10;
    const { probe, run } = concurrencyProbe(() => sleep(took));
    job = new IntervalJob({ name: "count", intervalMs: INTERVAL, busyShare: 0.2, run, log: fakeLog() });

    await job.start();
    await jest.advanceTimersByTimeAsync(0);
    // 10 ms runs: the interval decides (10 ms is under a fifth of 100).
    await jest.advanceTimersByTimeAsync(INTERVAL);
    expect(probe.startedAt).toEqual([0, 100]);
    // A 50 ms run: the next waits 4 x 50 ms after it ends, not the 50 ms left of the interval.
    took = 50;
    await jest.advanceTimersByTimeAsync(INTERVAL);
    expect(probe.startedAt).toEqual([0, 100, 200]);
    await jest.advanceTimersByTimeAsync(249);
    expect(probe.calls).toBe(3);
    await jest.advanceTimersByTimeAsync(1);
    expect(probe.startedAt).toEqual([0, 100, 200, 450]);
  });

  it("refuses a busy share outside (0, 1]", () => {
    for (const busyShare of [0, -0.5, 1.5, Number.NaN]) {
      expect(() => new IntervalJob({ name: "bad", intervalMs: INTERVAL, busyShare, run: async () => undefined, log: fakeLog() })).toThrow(/busyShare/);
    }
  });

  it("logs a failing run with the job name, counts it and keeps to the schedule", async () => {
    const log = fakeLog();
    const boom = new Error("database unreachable");
    let calls = 0;
    job = new IntervalJob({
      name: "activity-state",
      intervalMs: INTERVAL,
      log,
      run: async () => {
        calls += 1;
        if (calls === 2) throw boom;
      },
    });

    await job.start();
    await jest.advanceTimersByTimeAsync(INTERVAL * 3);

    expect(calls).toBe(4);
    expect(job.runs).toBe(4);
    expect(job.failures).toBe(1);
    expect(job.lastError).toBe(boom);
    expect(log.error).toHaveBeenCalledTimes(1);
    expect(log.error).toHaveBeenCalledWith(expect.objectContaining({ job: "activity-state", err: "database unreachable" }), expect.any(String));
  });

  it("stop() waits for the run in progress, and no run starts after it", async () => {
    const release = deferred();
    const { probe, run } = concurrencyProbe(() => release.promise);
    job = new IntervalJob({ name: "stoppable", intervalMs: INTERVAL, run, log: fakeLog() });
    await job.start();
    await jest.advanceTimersByTimeAsync(0);
    expect(probe.active).toBe(1);

    let stopped = false;
    const stopping = job.stop().then(() => (stopped = true));
    await jest.advanceTimersByTimeAsync(INTERVAL * 5);
    expect(stopped).toBe(false);

    release.resolve();
    await stopping;
    expect(probe.active).toBe(0);
    await jest.advanceTimersByTimeAsync(INTERVAL * 10);
    expect(probe.calls).toBe(1);
    expect(job.runs).toBe(1);
  });

  it("stop() before the first tick means no run at all", async () => {
    const { probe, run } = concurrencyProbe(() => Promise.resolve());
    job = new IntervalJob({ name: "never", intervalMs: INTERVAL, run, log: fakeLog() });
    await job.start();
    await job.stop();
    await jest.advanceTimersByTimeAsync(INTERVAL * 10);
    expect(probe.calls).toBe(0);
  });

  it("a scheduled run waiting behind runOnce() is dropped by stop()", async () => {
    const release = deferred();
    const { probe, run } = concurrencyProbe(() => release.promise);
    job = new IntervalJob({ name: "queued", intervalMs: INTERVAL, run, log: fakeLog() });
    const once = job.runOnce();
    await job.start();
    await jest.advanceTimersByTimeAsync(0); // the scheduled tick now waits behind runOnce's run

    const stopping = job.stop();
    release.resolve();
    await Promise.all([once, stopping]);
    await jest.advanceTimersByTimeAsync(INTERVAL * 10);

    expect(probe.calls).toBe(1);
  });

  it("runOnce() waits for a run in progress, then runs, never concurrently", async () => {
    const first = deferred();
    const releases = [first.promise, Promise.resolve()];
    const { probe, run } = concurrencyProbe(() => releases.shift() ?? Promise.resolve());
    job = new IntervalJob({ name: "manual", intervalMs: 10 * INTERVAL, run, log: fakeLog() });
    await job.start();
    await jest.advanceTimersByTimeAsync(0);
    expect(probe.active).toBe(1);

    let done = false;
    const once = job.runOnce().then(() => (done = true));
    await jest.advanceTimersByTimeAsync(INTERVAL);
    expect(probe.calls).toBe(1);
    expect(done).toBe(false);

    first.resolve();
    await once;
    expect(probe.calls).toBe(2);
    expect(probe.maxActive).toBe(1);
  });

  it("runOnce() works on a job that was never started and rejects with the run's error, counted", async () => {
    const log = fakeLog();
    job = new IntervalJob({ name: "cli", intervalMs: INTERVAL, log, run: () => Promise.reject(new Error("nope")) });

    await expect(job.runOnce()).rejects.toThrow("nope");
    expect(job.runs).toBe(1);
    expect(job.failures).toBe(1);
    expect(log.error).toHaveBeenCalledWith(expect.objectContaining({ job: "cli" }), expect.any(String));
  });

  it("refuses an interval that is not a positive number", () => {
    expect(() => new IntervalJob({ name: "bad", intervalMs: 0, run: () => Promise.resolve(), log: fakeLog() })).toThrow(/intervalMs/);
  });
});
