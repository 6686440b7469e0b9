import { BusyShareGate } from "../../../../src/infrastructure/kafka/busy-share-gate";

/** A clock that moves only when work "takes" time or the gate sleeps. */
function fakeTime(): { now: () => number; sleep: (ms: number) => Promise<void>; advance: (ms: number) => void; sleeps: number[] } {
  let at = 1_000;
  const sleeps: number[] = [];
  return {
    now: () => at,
    sleep: async (ms) => {
      sleeps.push(ms);
      at += ms;
    },
    advance: (ms) => {
      at += ms;
    },
    sleeps,
  };
}

describe("BusyShareGate", () => {
  it("refuses a share outside (0, 1]", () => {
    for (const share of [0, -0.5, 1.5, Number.NaN]) expect(() => new BusyShareGate({ share, maxPauseMs: 1000 })).toThrow(/busy share/);
  });

  it("pauses after each run for its duration times (1 / share - 1), capped", async () => {
    const time = fakeTime();
    const gate = new BusyShareGate({ share: 0.25, maxPauseMs: 500, now: time.now, sleep: time.sleep });
    const starts: number[] = [];
    const work = (took: number) => async () => {
      starts.push(time.now());
      time.advance(took);
      return took;
    };
    expect(await gate.run(work(40))).toBe(40);
    expect(await gate.run(work(400))).toBe(400);
    expect(await gate.run(work(10))).toBe(10);
    // 40 ms at a quarter share: 120 ms of pause; 400 ms would be 1,200, capped at 500.
    expect(time.sleeps).toEqual([120, 500]);
    expect(starts).toEqual([1_000, 1_000 + 40 + 120, 1_000 + 40 + 120 + 400 + 500]);
  });

  it("runs one at a time below a share of 1, in the order they came", async () => {
    const gate = new BusyShareGate({ share: 0.5, maxPauseMs: 5 });
    let inside = 0;
    let most = 0;
    const order: number[] = [];
    const work = (n: number) => async () => {
      inside++;
      most = Math.max(most, inside);
      await new Promise((resolve) => setTimeout(resolve, 2));
      order.push(n);
      inside--;
    };
    await Promise.all([1, 2, 3, 4].map((n) => gate.run(work(n))));
    expect(most).toBe(1);
    expect(order).toEqual([1, 2, 3, 4]);
  });

  it("lets runs overlap at a share of 1, with no pauses", async () => {
    const time = fakeTime();
    const gate = new BusyShareGate({ share: 1, maxPauseMs: 1000, now: time.now, sleep: time.sleep });
    let inside = 0;
    let most = 0;
    const work = async () => {
      inside++;
      most = Math.max(most, inside);
      await new Promise((resolve) => setTimeout(resolve, 2));
      inside--;
    };
    await Promise.all([gate.run(work), gate.run(work), gate.run(work)]);
    expect(most).toBe(3);
    expect(time.sleeps).toEqual([]);
  });

  it("skips a run no longer wanted when its turn comes, and a failed run still frees the turn", async () => {
    const gate = new BusyShareGate({ share: 0.5, maxPauseMs: 1 });
    const failing = gate.run(async () => {
      throw new Error("grant failed");
    });
    let ran = false;
    const skipped = gate.run(async () => (ran = true), () => false);
    const next = gate.run(async () => "next");
    await expect(failing).rejects.toThrow("grant failed");
    expect(await skipped).toBeUndefined();
    expect(ran).toBe(false);
    expect(await next).toBe("next");
  });
});
