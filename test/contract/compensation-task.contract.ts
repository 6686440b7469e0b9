import type { CompensationTaskRepository, NewCompensationTask } from "../../src/domain/compensation/compensation-task.repository";

/**
 * The behaviour every CompensationTaskRepository must have, run against the in-memory fake (unit
 * project) and the PostgreSQL adapter (integration project), so the fake the use-case tests rely
 * on cannot drift from the adapter. `makeSubject` gives a repository over an empty task table;
 * `runsElsewhere` are biz types it must neither claim nor release. No assertion depends on time
 * passing: the adapter's clock is the database's.
 */
export function describeCompensationTaskContract(
  name: string,
  makeSubject: (runsElsewhere?: readonly string[]) => Promise<CompensationTaskRepository>,
): void {
  describe(`${name} honours the CompensationTaskRepository contract`, () => {
    let tasks: CompensationTaskRepository;
    beforeEach(async () => {
      tasks = await makeSubject();
    });

    const task = (bizId: string, overrides: Partial<NewCompensationTask> = {}): NewCompensationTask => ({
      bizType: "REGRANT_ORDER",
      bizId,
      context: { orderId: bizId },
      reason: "pool empty",
      ...overrides,
    });
    const later = (ms: number) => new Date(Date.now() + ms);

    it("claims due tasks once: PROCESSING, attempts counted, oldest first; a second claim gets none", async () => {
      await tasks.record(task("1"));
      await tasks.record(task("2"));
      const claimed = await tasks.claimDue(10);
      expect(claimed.map((t) => [t.bizId, t.status, t.attempts, t.context, t.lastFailedReason])).toEqual([
        ["1", "PROCESSING", 1, { orderId: "1" }, "pool empty"],
        ["2", "PROCESSING", 1, { orderId: "2" }, "pool empty"],
      ]);
      expect(await tasks.claimDue(10)).toEqual([]);
    });

    it("claims at most `limit`, and nothing for a limit of 0", async () => {
      await tasks.recordMany([task("1"), task("2"), task("3")]);
      expect(await tasks.claimDue(0)).toEqual([]);
      expect((await tasks.claimDue(2)).map((t) => t.bizId)).toEqual(["1", "2"]);
      expect((await tasks.claimDue(2)).map((t) => t.bizId)).toEqual(["3"]);
    });

    it("claims only tasks due at the time it is given", async () => {
      await tasks.record(task("1"));
      expect(await tasks.claimDue(10, new Date(Date.now() - 60_000))).toEqual([]);
      expect(await tasks.claimDue(10, later(1000))).toHaveLength(1);
    });

    it("keeps one task per (bizType, bizId): recording again updates its context and reason", async () => {
      await tasks.recordMany([task("1"), task("1", { reason: "newer", context: { n: 2 } }), task("1", { bizType: "OTHER" })]);
      await tasks.record(task("1", { reason: "newest", context: { n: 3 } }));
      const claimed = await tasks.claimDue(10);
      expect(claimed.map((t) => [t.bizType, t.bizId]).sort()).toEqual([["OTHER", "1"], ["REGRANT_ORDER", "1"]]);
      expect(claimed.find((t) => t.bizType === "REGRANT_ORDER")).toMatchObject({ context: { n: 3 }, lastFailedReason: "newest" });
    });

    it("settles only a PROCESSING task, once: succeed, retryLater and giveUp are compare-and-sets", async () => {
      await tasks.record(task("1"));
      const [claimed] = await tasks.claimDue(1);
      expect(await tasks.succeed(claimed.id)).toBe(true);
      expect(await tasks.succeed(claimed.id)).toBe(false);
      expect(await tasks.retryLater(claimed.id, "late", 0)).toBe(false);
      expect(await tasks.giveUp(claimed.id, "late")).toBe(false);
      expect(await tasks.claimDue(10, later(3600_000))).toEqual([]);
    });

    it("refuses to settle a task that was put back to wait", async () => {
      await tasks.record(task("1"));
      const [claimed] = await tasks.claimDue(1);
      await tasks.retryLater(claimed.id, "again", 0);
      expect(await tasks.succeed(claimed.id)).toBe(false);
      expect(await tasks.giveUp(claimed.id, "x")).toBe(false);
    });

    it("retryLater puts the task back to wait, due only after the delay, with the reason kept", async () => {
      await tasks.record(task("1"));
      const [first] = await tasks.claimDue(1);
      expect(await tasks.retryLater(first.id, "coupon service 502", 60_000)).toBe(true);
      expect(await tasks.claimDue(10)).toEqual([]);
      const [again] = await tasks.claimDue(10, later(120_000));
      expect(again).toMatchObject({ id: first.id, attempts: 2, lastFailedReason: "coupon service 502" });
    });

    it("a given-up task is never claimed again, until it is recorded again with its attempts reset", async () => {
      await tasks.record(task("1"));
      const [first] = await tasks.claimDue(1);
      expect(await tasks.giveUp(first.id, "for good")).toBe(true);
      expect(await tasks.claimDue(10, later(3600_000))).toEqual([]);
      await tasks.record(task("1", { reason: "operator retry" }));
      expect(await tasks.claimDue(10, later(1000))).toEqual([expect.objectContaining({ id: first.id, attempts: 1, lastFailedReason: "operator retry" })]);
    });

    it("recording a task again leaves a succeeded one done and a processing one with its worker", async () => {
      await tasks.recordMany([task("done"), task("busy")]);
      const claimed = await tasks.claimDue(10);
      await tasks.succeed(claimed.find((t) => t.bizId === "done")!.id);
      await tasks.recordMany([task("done"), task("busy")]);
      expect(await tasks.claimDue(10, later(1000))).toEqual([]);
      expect(await tasks.succeed(claimed.find((t) => t.bizId === "busy")!.id)).toBe(true);
    });

    it("releaseStale leaves a fresh claim with its worker", async () => {
      await tasks.record(task("1"));
      await tasks.claimDue(1);
      expect(await tasks.releaseStale(60_000)).toBe(0);
      expect(await tasks.claimDue(10)).toEqual([]);
    });

    it("bounds a reason to 4000 characters", async () => {
      await tasks.record(task("1", { reason: "x".repeat(5000) }));
      const [claimed] = await tasks.claimDue(1);
      expect(claimed.lastFailedReason).toHaveLength(4000);
      await tasks.retryLater(claimed.id, "y".repeat(5000), 0);
      expect((await tasks.claimDue(1, later(1000)))[0].lastFailedReason).toBe("y".repeat(4000));
    });

    it("neither claims nor releases the biz types another runner owns", async () => {
      tasks = await makeSubject(["CAMPAIGN_CHUNK"]);
      await tasks.recordMany([task("1", { bizType: "CAMPAIGN_CHUNK" }), task("2")]);
      expect((await tasks.claimDue(10)).map((t) => t.bizType)).toEqual(["REGRANT_ORDER"]);
    });
  });
}
