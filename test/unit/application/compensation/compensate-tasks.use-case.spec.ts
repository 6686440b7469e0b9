import type { CompensationTaskHandler } from "../../../../src/application/compensation/compensation-task-handler";
import { CompensateTasksUseCase, type CompensateTasksSettings } from "../../../../src/application/compensation/compensate-tasks.use-case";
import type { CompensationTask } from "../../../../src/domain/compensation/compensation-task.repository";
import { DependencyUnavailableError } from "../../../../src/shared/errors";
import { FakeClock } from "../../../support/fakes/fake-clock";
import { InMemoryCompensationTaskRepository } from "../../../support/fakes/in-memory-compensation-task-repository";
import { RecordingLogger } from "../../../support/fakes/recording-logger";

const SETTINGS: CompensateTasksSettings = { batchSize: 10, maxAttempts: 3, retryDelayMs: 1000, staleAfterMs: 60_000 };

/** A handler of biz type "T" that does what the test says with each task, and counts its calls. */
class ScriptedHandler implements CompensationTaskHandler {
  readonly calls: string[] = [];
  constructor(
    readonly bizType = "T",
    private readonly behaviour: (task: CompensationTask) => Promise<void> = async () => undefined,
  ) {}
  async handle(task: CompensationTask): Promise<void> {
    this.calls.push(task.bizId);
    await this.behaviour(task);
  }
}

function setUp(handlers: CompensationTaskHandler[] = [new ScriptedHandler()], settings: Partial<CompensateTasksSettings> = {}) {
  const clock = new FakeClock();
  const tasks = new InMemoryCompensationTaskRepository(clock);
  const log = new RecordingLogger();
  const job = new CompensateTasksUseCase(tasks, handlers, { ...SETTINGS, ...settings }, log);
  return { clock, tasks, log, job };
}

const task = (bizId: string, bizType = "T") => ({ bizType, bizId, context: {}, reason: "first failure" });

describe("CompensateTasksUseCase", () => {
  it("hands each due task to the handler of its biz type and settles it SUCCESS", async () => {
    const handler = new ScriptedHandler();
    const { tasks, log, job } = setUp([handler]);
    await tasks.recordMany([task("1"), task("2")]);
    expect(await job.execute()).toEqual({ succeeded: 2, retried: 0, gaveUp: 0 });
    expect(handler.calls).toEqual(["1", "2"]);
    expect(tasks.statusOf("T", "1")).toBe("SUCCESS");
    expect(log.lines.at(-1)).toMatchObject({ level: "info", fields: { claimed: 2, succeeded: 2 } });
  });

  it("does nothing and logs nothing when no task is due", async () => {
    const { log, job } = setUp();
    expect(await job.execute()).toEqual({ succeeded: 0, retried: 0, gaveUp: 0 });
    expect(log.lines).toEqual([]);
  });

  it("claims at most batchSize tasks per run", async () => {
    const { tasks, job } = setUp(undefined, { batchSize: 2 });
    await tasks.recordMany([task("1"), task("2"), task("3")]);
    expect((await job.execute()).succeeded).toBe(2);
    expect((await job.execute()).succeeded).toBe(1);
  });

  it("tries a failing task again later with a linear back-off, keeping the handler's message as the reason", async () => {
    const { clock, tasks, job } = setUp([new ScriptedHandler("T", async () => { throw new Error("coupon service 502"); })]);
    await tasks.record(task("1"));
    expect(await job.execute()).toEqual({ succeeded: 0, retried: 1, gaveUp: 0 });
    const waiting = tasks.find("T", "1")!;
    expect(waiting).toMatchObject({ status: "WAIT_HANDLE", lastFailedReason: "coupon service 502", attempts: 1 });
    expect(waiting.nextRunAt.getTime() - clock.now().getTime()).toBe(1000);

    expect((await job.execute()).retried).toBe(0);
    clock.advance(1000);
    await job.execute();
    expect(tasks.find("T", "1")!.nextRunAt.getTime() - clock.now().getTime()).toBe(2000);
  });

  it("gives a task up (FAILED, reason kept) when its last attempt fails", async () => {
    const { tasks, log, job } = setUp([new ScriptedHandler("T", async () => { throw new Error("still broken"); })], { retryDelayMs: 0 });
    await tasks.record(task("1"));
    const runs = [await job.execute(), await job.execute(), await job.execute(), await job.execute()];
    expect(runs).toEqual([
      { succeeded: 0, retried: 1, gaveUp: 0 },
      { succeeded: 0, retried: 1, gaveUp: 0 },
      { succeeded: 0, retried: 0, gaveUp: 1 },
      { succeeded: 0, retried: 0, gaveUp: 0 },
    ]);
    expect(tasks.find("T", "1")).toMatchObject({ status: "FAILED", attempts: 3, lastFailedReason: "still broken" });
    expect(log.messages("error")).toEqual(["compensation task given up: attempts ran out"]);
  });

  it("gives up at once a task whose biz type no handler knows", async () => {
    const { tasks, log, job } = setUp();
    await tasks.record(task("1", "UNKNOWN"));
    expect(await job.execute()).toEqual({ succeeded: 0, retried: 0, gaveUp: 1 });
    expect(tasks.find("UNKNOWN", "1")).toMatchObject({ status: "FAILED", lastFailedReason: "no handler for biz_type UNKNOWN" });
    expect(log.messages("error")).toEqual(["compensation task given up: nothing can handle it"]);
  });

  it.each([
    ["an Error without a message", Object.assign(new Error(""), { name: "TimeoutError" }), "TimeoutError"],
    ["a thrown string", "plain string", "plain string"],
  ])("keeps a readable reason for %s", async (_what, thrown, reason) => {
    const { tasks, job } = setUp([new ScriptedHandler("T", () => Promise.reject(thrown))]);
    await tasks.record(task("1"));
    await job.execute();
    expect(tasks.find("T", "1")?.lastFailedReason).toBe(reason);
  });

  it("puts back tasks a stopped worker left PROCESSING, then handles them", async () => {
    const handler = new ScriptedHandler();
    const { clock, tasks, log, job } = setUp([handler]);
    await tasks.record(task("1"));
    await tasks.claimDue(10); // the worker that claimed it stopped
    expect((await job.execute()).succeeded).toBe(0);
    clock.advance(60_001);
    expect((await job.execute()).succeeded).toBe(1);
    expect(tasks.find("T", "1")).toMatchObject({ status: "SUCCESS", attempts: 2 });
    expect(log.lines[0]).toMatchObject({ level: "warn", fields: { released: 1 } });
  });

  it("counts nothing for a task released as stale while its handler ran: the new claim settles it", async () => {
    const { clock, tasks, log, job } = setUp([
      new ScriptedHandler("T", async () => {
        clock.advance(60_001);
        await tasks.releaseStale(60_000);
      }),
    ]);
    await tasks.record(task("1"));
    expect(await job.execute()).toEqual({ succeeded: 0, retried: 0, gaveUp: 0 });
    expect(tasks.statusOf("T", "1")).toBe("WAIT_HANDLE");
    expect(log.messages("warn")).toEqual(["compensation task was released before it was settled"]);
  });

  it("lets an outage through as DependencyUnavailableError, leaving the tasks to the next run", async () => {
    const { tasks, job } = setUp();
    await tasks.record(task("1"));
    tasks.outage.once();
    await expect(job.execute()).rejects.toBeInstanceOf(DependencyUnavailableError);
    expect((await job.execute()).succeeded).toBe(1);
  });

  it("refuses two handlers of one biz type", () => {
    expect(() => setUp([new ScriptedHandler("T"), new ScriptedHandler("T")])).toThrow("two compensation task handlers for biz_type T");
  });

  it.each([
    [{ batchSize: 0 }, "compensation batchSize must be a positive integer, got 0"],
    [{ batchSize: 1.5 }, "compensation batchSize must be a positive integer, got 1.5"],
    [{ maxAttempts: 0 }, "compensation maxAttempts must be a positive integer, got 0"],
    [{ maxAttempts: 2.5 }, "compensation maxAttempts must be a positive integer, got 2.5"],
    [{ retryDelayMs: -1 }, "compensation retryDelayMs must be 0 or more, got -1"],
    [{ retryDelayMs: Infinity }, "compensation retryDelayMs must be 0 or more, got Infinity"],
    [{ staleAfterMs: 0 }, "compensation staleAfterMs must be positive, got 0"],
    [{ staleAfterMs: NaN }, "compensation staleAfterMs must be positive, got NaN"],
  ])("refuses settings %j", (settings, message) => {
    expect(() => setUp(undefined, settings)).toThrow(message);
  });
});
