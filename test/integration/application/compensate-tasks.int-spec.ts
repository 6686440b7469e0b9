import type { Pool } from "pg";
import type { CompensationTaskHandler } from "../../../src/application/compensation/compensation-task-handler";
import { CompensateTasksUseCase, type CompensateTasksSettings } from "../../../src/application/compensation/compensate-tasks.use-case";
import { RegrantOrderHandler } from "../../../src/application/compensation/regrant-order.handler";
import type { InvoiceEnvelope } from "../../../src/application/delivery/deliver-invoices.use-case";
import { KafkaDeadLetterPublisher } from "../../../src/infrastructure/kafka/dead-letter.kafka-publisher";
import { KafkaClient } from "../../../src/infrastructure/kafka/kafka-client";
import { applicationTopics } from "../../../src/infrastructure/kafka/kafka-topics";
import { deliveryUseCase } from "../../support/grant-harness";
import { testConfig } from "../../support/app-harness";
import { AwardType } from "../../../src/domain/award/award-type";
import { REGRANT_ORDER, type CompensationTask } from "../../../src/domain/compensation/compensation-task.repository";
import { createLogger } from "../../../src/infrastructure/logging/logger";
import { PgCompensationTaskRepository } from "../../../src/infrastructure/persistence/compensation-task.pg-repository";
import { PgDrawOrderRepository } from "../../../src/infrastructure/persistence/draw-order.pg-repository";
import { createPgPool } from "../../../src/infrastructure/persistence/pg-pool.factory";
import { createOwnDatabase } from "../../support/own-database";
import { uniqueId } from "../../support/unique-id";

const log = createLogger("silent");

const SETTINGS: CompensateTasksSettings = { batchSize: 100, maxAttempts: 3, retryDelayMs: 0, staleAfterMs: 60_000 };

/** Counts its calls per task id; fails the first `failures` calls of each task when asked to. */
class RecordingHandler implements CompensationTaskHandler {
  readonly calls = new Map<string, number>();

  constructor(
    readonly bizType: string,
    private readonly behaviour: (task: CompensationTask, call: number) => Promise<void> = async () => undefined,
  ) {}

  async handle(task: CompensationTask): Promise<void> {
    const call = (this.calls.get(task.id.toString()) ?? 0) + 1;
    this.calls.set(task.id.toString(), call);
    await this.behaviour(task, call);
  }

  get total(): number {
    return [...this.calls.values()].reduce((sum, n) => sum + n, 0);
  }
}

interface TaskState {
  status: string;
  cnt: number;
  last_failed_reason: string | null;
  next_run_at: Date;
  updated_at: Date;
}

// The use case scans the whole compensate_task table, so this file has a database of its own.
// Every test leaves its tasks settled (SUCCESS, FAILED) or not due, so the next one sees only its own.
describe("the compensation task job", () => {
  let database: Awaited<ReturnType<typeof createOwnDatabase>>;
  let pool: Pool;
  let tasks: PgCompensationTaskRepository;

  beforeAll(async () => {
    database = await createOwnDatabase();
    pool = createPgPool(database.url, 10);
    tasks = new PgCompensationTaskRepository(pool);
  });
  afterAll(async () => {
    await pool.end();
    await database.drop();
  });

  const job = (handlers: CompensationTaskHandler[], settings: Partial<CompensateTasksSettings> = {}) =>
    new CompensateTasksUseCase(tasks, handlers, { ...SETTINGS, ...settings }, log);

  async function insertTask(bizType: string, fields: { status?: string; cnt?: number; priority?: number; updatedSecondsAgo?: number; dueSecondsAgo?: number } = {}): Promise<string> {
    const { rows } = await pool.query<{ id: string }>(
      `INSERT INTO compensate_task (biz_id, biz_type, context, status, cnt, priority, next_run_at, updated_at)
       VALUES ($1, $2, '{}', $3, $4, $5, now() - $6 * interval '1 second', now() - $7 * interval '1 second')
       RETURNING id::text`,
      [String(uniqueId()), bizType, fields.status ?? "WAIT_HANDLE", fields.cnt ?? 0, fields.priority ?? 0, fields.dueSecondsAgo ?? 1, fields.updatedSecondsAgo ?? 0],
    );
    return rows[0].id;
  }

  async function taskState(id: string): Promise<TaskState> {
    const { rows } = await pool.query<TaskState>("SELECT status, cnt, last_failed_reason, next_run_at, updated_at FROM compensate_task WHERE id = $1", [id]);
    return rows[0];
  }

  async function dbNow(): Promise<Date> {
    return (await pool.query<{ now: Date }>("SELECT now()")).rows[0].now;
  }

  describe(REGRANT_ORDER, () => {
    const orders = () => new PgDrawOrderRepository(pool);
    const kafka = new KafkaClient(testConfig().kafka, createLogger("silent"));
    beforeAll(() => kafka.ensureTopics(applicationTopics(testConfig().kafka.invoicePartitions)));
    afterAll(() => kafka.disconnect());
    const deliver = () => deliveryUseCase(pool, { deadLetters: new KafkaDeadLetterPublisher(kafka, 10_000, "test-compensation") });
    const envelopeOf = (orderId: string, uId: string): InvoiceEnvelope => {
      const request = { orderId: BigInt(orderId), uId, activityId: 1, awardId: "d", awardType: AwardType.DESC, awardName: "Desc", awardContent: "a thank-you note", shippingAddress: null };
      const value = JSON.stringify({ ...request, orderId, extInfo: null });
      return { source: { topic: "lottery_invoice", partition: 0, offset: String(uniqueId()) }, raw: { key: uId, value, headers: { "message-id": orderId } }, parsed: { ok: true, request } };
    };

    async function insertDescOrder(grantState: number): Promise<string> {
      const orderId = String(uniqueId());
      await pool.query(
        `INSERT INTO user_strategy_export (order_id, u_id, activity_id, strategy_id, strategy_mode, grant_type, award_id, award_type, award_name, award_content, uuid, mq_state, grant_state)
         VALUES ($1::bigint, $2, 1, 1, 1, 1, 'd', 1, 'Desc', 'a thank-you note', $1, 1, $3)`,
        [orderId, `user-${orderId}`, grantState],
      );
      return orderId;
    }

    it("grants again an order whose grant ran out of retries: grant_state COMPLETE, one award_delivery row, the task SUCCESS after one attempt", async () => {
      const orderId = await insertDescOrder(0);
      // How such a task comes to be: the invoice consumer gave up on the grant.
      await deliver().giveUp(envelopeOf(orderId, `user-${orderId}`), "distributor unavailable", 4);
      const before = await pool.query("SELECT grant_state FROM user_strategy_export WHERE order_id = $1", [orderId]);
      expect(before.rows[0].grant_state).toBe(2);

      const result = await job([new RegrantOrderHandler(orders(), deliver())]).execute();

      expect(result).toEqual({ succeeded: 1, retried: 0, gaveUp: 0 });
      const after = await pool.query("SELECT grant_state FROM user_strategy_export WHERE order_id = $1", [orderId]);
      expect(after.rows[0].grant_state).toBe(1);
      const deliveries = await pool.query("SELECT delivery_ref, detail FROM award_delivery WHERE order_id = $1", [orderId]);
      expect(deliveries.rows).toEqual([{ delivery_ref: `DESC-${orderId}`, detail: { text: "a thank-you note" } }]);
      const task = await pool.query("SELECT status, cnt FROM compensate_task WHERE biz_type = $1 AND biz_id = $2", [REGRANT_ORDER, orderId]);
      expect(task.rows).toEqual([{ status: "SUCCESS", cnt: 1 }]);
    });

    it("counts an order granted meanwhile as handled, without a second award_delivery row", async () => {
      const orderId = await insertDescOrder(2);
      await deliver().grantOne({
        orderId: BigInt(orderId), uId: `user-${orderId}`, activityId: 1, awardId: "d", awardType: AwardType.DESC, awardName: "Desc", awardContent: "a thank-you note", shippingAddress: null,
      });
      await tasks.record({ bizType: REGRANT_ORDER, bizId: orderId, context: { orderId }, reason: "distributor unavailable" });

      expect(await job([new RegrantOrderHandler(orders(), deliver())]).execute()).toEqual({ succeeded: 1, retried: 0, gaveUp: 0 });
      const deliveries = await pool.query("SELECT count(*)::int AS n FROM award_delivery WHERE order_id = $1", [orderId]);
      expect(deliveries.rows[0].n).toBe(1);
    });

    it("fails the task of an order that does not exist, saying which order", async () => {
      const orderId = String(uniqueId());
      await tasks.record({ bizType: REGRANT_ORDER, bizId: orderId, context: { orderId }, reason: "distributor unavailable" });

      expect(await job([new RegrantOrderHandler(orders(), deliver())], { maxAttempts: 1 }).execute()).toEqual({ succeeded: 0, retried: 0, gaveUp: 1 });
      const task = await pool.query("SELECT status, cnt, last_failed_reason FROM compensate_task WHERE biz_type = $1 AND biz_id = $2", [REGRANT_ORDER, orderId]);
      expect(task.rows).toEqual([{ status: "FAILED", cnt: 1, last_failed_reason: expect.stringContaining(`order ${orderId} not found`) }]);
    });
  });

  it("waits retryDelayMs times the attempts before trying a failed task again", async () => {
    const failing = new RecordingHandler("FAILS_ONCE_SLOWLY", async (_task, call) => {
      if (call === 1) throw new Error("downstream timed out");
    });
    const id = await insertTask(failing.bizType);

    expect(await job([failing], { retryDelayMs: 60_000 }).execute()).toEqual({ succeeded: 0, retried: 1, gaveUp: 0 });
    const waiting = await taskState(id);
    expect(waiting).toMatchObject({ status: "WAIT_HANDLE", cnt: 1, last_failed_reason: "downstream timed out" });
    const waitMs = waiting.next_run_at.getTime() - (await dbNow()).getTime();
    expect(waitMs).toBeGreaterThan(55_000);
    expect(waitMs).toBeLessThanOrEqual(60_000);

    // Not due yet: a run now leaves it alone.
    expect(await job([failing]).execute()).toEqual({ succeeded: 0, retried: 0, gaveUp: 0 });
    expect(failing.calls.get(id)).toBe(1);

    await pool.query("UPDATE compensate_task SET next_run_at = now() WHERE id = $1", [id]);
    expect(await job([failing]).execute()).toEqual({ succeeded: 1, retried: 0, gaveUp: 0 });
    expect(await taskState(id)).toMatchObject({ status: "SUCCESS", cnt: 2, last_failed_reason: "downstream timed out" });
  });

  it("retries a failing task until maxAttempts, keeping the latest reason, then gives it up as FAILED", async () => {
    const failing = new RecordingHandler("ALWAYS_FAILS", async (_task, call) => {
      throw new Error(`coupon service refused (call ${call})`);
    });
    const id = await insertTask(failing.bizType);
    const useCase = job([failing], { maxAttempts: 3, retryDelayMs: 0 });

    let previousRunAt = (await taskState(id)).next_run_at;
    for (const attempt of [1, 2]) {
      expect(await useCase.execute()).toEqual({ succeeded: 0, retried: 1, gaveUp: 0 });
      const state = await taskState(id);
      expect(state).toMatchObject({ status: "WAIT_HANDLE", cnt: attempt, last_failed_reason: `coupon service refused (call ${attempt})` });
      expect(state.next_run_at.getTime()).toBeGreaterThan(previousRunAt.getTime());
      previousRunAt = state.next_run_at;
    }

    expect(await useCase.execute()).toEqual({ succeeded: 0, retried: 0, gaveUp: 1 });
    expect(await taskState(id)).toMatchObject({ status: "FAILED", cnt: 3, last_failed_reason: "coupon service refused (call 3)" });

    expect(await useCase.execute()).toEqual({ succeeded: 0, retried: 0, gaveUp: 0 });
    expect(failing.calls.get(id)).toBe(3);
  });

  it("gives up at once a task of a biz_type no handler knows, saying so", async () => {
    const id = await insertTask("NOBODY_HANDLES_THIS");

    expect(await job([new RecordingHandler("SOMETHING_ELSE")]).execute()).toEqual({ succeeded: 0, retried: 0, gaveUp: 1 });
    expect(await taskState(id)).toMatchObject({ status: "FAILED", cnt: 1, last_failed_reason: "no handler for biz_type NOBODY_HANDLES_THIS" });
  });

  it("takes the highest priority first, then the longest due", async () => {
    const order: string[] = [];
    const ordered = new RecordingHandler("PRIORITISED", async (task) => void order.push(task.id.toString()));
    const oldLow = await insertTask(ordered.bizType, { priority: 0, dueSecondsAgo: 600 });
    const newHigh = await insertTask(ordered.bizType, { priority: 5, dueSecondsAgo: 1 });
    const oldHigh = await insertTask(ordered.bizType, { priority: 5, dueSecondsAgo: 300 });

    await job([ordered], { batchSize: 1 }).execute();
    await job([ordered], { batchSize: 2 }).execute();
    expect(order).toEqual([oldHigh, newHigh, oldLow]);
  });

  it("lets two workers drain 50 due tasks together: each task handled exactly once", async () => {
    const ids = new Set<string>();
    for (let i = 0; i < 50; i++) ids.add(await insertTask("RACED"));
    const calls = new Map<string, number>();
    const worker = () => {
      const handler = new RecordingHandler("RACED", async (task) => {
        calls.set(task.id.toString(), (calls.get(task.id.toString()) ?? 0) + 1);
        await new Promise((resolve) => setTimeout(resolve, 2));
      });
      return { handler, useCase: job([handler], { batchSize: 5 }) };
    };
    const drain = async ({ useCase }: ReturnType<typeof worker>) => {
      for (;;) {
        const { succeeded, retried, gaveUp } = await useCase.execute();
        if (succeeded + retried + gaveUp === 0) return;
      }
    };
    const a = worker();
    const b = worker();

    await Promise.all([drain(a), drain(b)]);

    expect(new Set(calls.keys())).toEqual(ids);
    expect([...calls.values()].every((n) => n === 1)).toBe(true);
    expect(a.handler.total + b.handler.total).toBe(50);
    expect(a.handler.total).toBeGreaterThan(0);
    expect(b.handler.total).toBeGreaterThan(0);
    const { rows } = await pool.query("SELECT status, cnt, count(*)::int AS n FROM compensate_task WHERE biz_type = 'RACED' GROUP BY status, cnt");
    expect(rows).toEqual([{ status: "SUCCESS", cnt: 1, n: 50 }]);
  });

  it("never hands one task to two of 20 claims racing over 50 due tasks", async () => {
    const ids = new Set<string>();
    for (let i = 0; i < 50; i++) ids.add(await insertTask("CLAIM_RACE"));

    const claims = await Promise.all(Array.from({ length: 20 }, () => tasks.claimDue(5)));

    const claimed = claims.flat().map((task) => task.id.toString());
    expect(claimed.length).toBe(new Set(claimed).size);
    expect(claimed.every((id) => ids.has(id))).toBe(true);
    expect(claimed.length).toBe(50);
    expect(claims.every((batch) => batch.length <= 5)).toBe(true);
    for (const id of claimed) await tasks.succeed(BigInt(id));
  });

  it("puts back a task left PROCESSING by a stopped worker and handles it, leaving one still being worked on alone", async () => {
    const handler = new RecordingHandler("ABANDONED");
    const abandoned = await insertTask(handler.bizType, { status: "PROCESSING", cnt: 1, updatedSecondsAgo: 600 });
    const inProgress = await insertTask(handler.bizType, { status: "PROCESSING", cnt: 1, updatedSecondsAgo: 5 });

    expect(await job([handler], { staleAfterMs: 60_000 }).execute()).toEqual({ succeeded: 1, retried: 0, gaveUp: 0 });

    expect(await taskState(abandoned)).toMatchObject({ status: "SUCCESS", cnt: 2 });
    expect(await taskState(inProgress)).toMatchObject({ status: "PROCESSING", cnt: 1 });
    expect([...handler.calls.keys()]).toEqual([abandoned]);
    // What the worker holding it does when it finishes.
    expect(await tasks.succeed(BigInt(inProgress))).toBe(true);
    expect(await tasks.succeed(BigInt(inProgress))).toBe(false);
  });
});
