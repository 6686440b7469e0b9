import type { Pool } from "pg";
import { DeployActivityUseCase } from "../../../src/application/activity/deploy-activity.use-case";
import { CompensateTasksUseCase } from "../../../src/application/compensation/compensate-tasks.use-case";
import { RegrantOrderHandler } from "../../../src/application/compensation/regrant-order.handler";
import type { DeliverInvoicesUseCase, DeliveryOutcome, InvoiceEnvelope } from "../../../src/application/delivery/deliver-invoices.use-case";
import { ImportRedeemCodesUseCase } from "../../../src/application/redeem-code/import-redeem-codes.use-case";
import { RedeemCodePoolLocator } from "../../../src/application/redeem-code/redeem-code-pool.locator";
import { AwardType } from "../../../src/domain/award/award-type";
import type { EmptyPoolPolicy } from "../../../src/domain/award/empty-pool-policy";
import { REGRANT_ORDER } from "../../../src/domain/compensation/compensation-task.repository";
import { StrategyMode } from "../../../src/domain/strategy/strategy-mode";
import { GrantType } from "../../../src/domain/strategy/strategy.entity";
import { KafkaDeadLetterPublisher } from "../../../src/infrastructure/kafka/dead-letter.kafka-publisher";
import { KafkaClient } from "../../../src/infrastructure/kafka/kafka-client";
import { applicationTopics } from "../../../src/infrastructure/kafka/kafka-topics";
import { createLogger } from "../../../src/infrastructure/logging/logger";
import { PrismaActivityRepository } from "../../../src/infrastructure/persistence/activity.prisma-repository";
import { PgCampaignRepository } from "../../../src/infrastructure/persistence/campaign.pg-repository";
import { PgCompensationTaskRepository } from "../../../src/infrastructure/persistence/compensation-task.pg-repository";
import { PgDrawOrderRepository } from "../../../src/infrastructure/persistence/draw-order.pg-repository";
import { createPgPool } from "../../../src/infrastructure/persistence/pg-pool.factory";
import { createPrismaClient, type PrismaClient } from "../../../src/infrastructure/persistence/prisma-client.factory";
import { PgRedeemCodeInventory } from "../../../src/infrastructure/persistence/redeem-code-inventory.pg-repository";
import { testConfig } from "../../support/app-harness";
import { deliveryUseCase } from "../../support/grant-harness";
import { createOwnDatabase } from "../../support/own-database";
import { ownTopics } from "../../support/own-topics";
import { uniqueId } from "../../support/unique-id";

const log = createLogger("silent");
const GENERATED_CODE = /^[0-9A-HJKMNP-TV-Z]{16}$/;

/**
 * The grant side of the redeem-code pools on the real services: awards deployed with their policy,
 * codes imported by the operator's use case, invoices granted by the production delivery use case
 * in two "consumers" (each with a pool of its own connections) racing, and the FAIL policy's
 * compensation. A database of its own: the compensation job scans the whole task table.
 */
describe("redeem-code pools under racing grants", () => {
  let database: Awaited<ReturnType<typeof createOwnDatabase>>;
  let pools: Pool[];
  let prisma: PrismaClient;
  let kafka: KafkaClient;
  const topics = ownTopics("code-pools");
  const config = testConfig(topics.env);

  beforeAll(async () => {
    database = await createOwnDatabase();
    pools = [createPgPool(database.url, 6), createPgPool(database.url, 6)];
    prisma = createPrismaClient(database.url, 2);
    kafka = new KafkaClient(config.kafka, log);
    await kafka.ensureTopics(applicationTopics(config.kafka.invoicePartitions, config.kafka));
  });
  afterAll(async () => {
    await kafka.disconnect();
    await prisma.$disconnect();
    await Promise.all(pools.map((pool) => pool.end()));
    await database.drop();
  });

  const db = () => pools[0];
  /** The two consumers: the production use case, each on its own pool, dead letters to the real topic. */
  const consumers = (): DeliverInvoicesUseCase[] =>
    pools.map((pool) => deliveryUseCase(pool, { deadLetters: new KafkaDeadLetterPublisher(kafka, 10_000, "test-code-pools", config.kafka) }));

  /** Deploys an activity whose only award "gift" is REDEEM_CODE with `policy`, through the deploy use case. */
  async function deployGift(policy: EmptyPoolPolicy): Promise<{ activityId: number; strategyId: number }> {
    const activityId = uniqueId();
    const strategyId = uniqueId();
    const deployed = await new DeployActivityUseCase(new PrismaActivityRepository(prisma)).execute({
      activity: { activityId, name: "codes", description: "", beginAt: new Date(Date.now() - 60_000), endAt: new Date(Date.now() + 3600_000), stockCount: 100, takeCount: 10, creator: "test" },
      strategy: {
        strategyId,
        mode: StrategyMode.ENTIRETY,
        grantType: GrantType.IMMEDIATE,
        awards: [{ awardId: "gift", type: AwardType.REDEEM_CODE, name: "Gift card", content: "", count: 100, rate: "1", whenPoolEmpty: policy }],
      },
    });
    if (!deployed.ok) throw new Error(deployed.error.message);
    return { activityId, strategyId };
  }

  async function importCodes(activityId: number, codes: string[]) {
    const locator = new RedeemCodePoolLocator(new PrismaActivityRepository(prisma), new PgCampaignRepository(db()));
    async function* lines() {
      yield* codes;
    }
    const result = await new ImportRedeemCodesUseCase(locator, new PgRedeemCodeInventory(db())).execute({ activityId, awardId: "gift" }, lines());
    if (!result.ok) throw new Error(result.error.message);
    return result.value;
  }

  /** Won orders of the award, as the draw writes them (invoice sent), with the invoice each one's message carries. */
  async function wonOrders(activityId: number, strategyId: number, count: number): Promise<InvoiceEnvelope[]> {
    const envelopes: InvoiceEnvelope[] = [];
    for (let i = 0; i < count; i++) {
      const orderId = String(uniqueId());
      const uId = `user-${orderId}`;
      await db().query(
        `INSERT INTO user_strategy_export (order_id, u_id, activity_id, strategy_id, strategy_mode, grant_type, award_id, award_type, award_name, award_content, uuid, mq_state)
         VALUES ($1::bigint, $2, $3, $4, 2, 1, 'gift', $5, 'Gift card', '', $1, 1)`,
        [orderId, uId, activityId, strategyId, AwardType.REDEEM_CODE],
      );
      const request = { orderId: BigInt(orderId), uId, activityId, awardId: "gift", awardType: AwardType.REDEEM_CODE, awardName: "Gift card", awardContent: "", shippingAddress: null };
      const value = JSON.stringify({ ...request, orderId, shippingAddress: null, extInfo: null });
      envelopes.push({ source: { topic: topics.invoiceTopic, partition: 0, offset: String(uniqueId()) }, raw: { key: uId, value, headers: { "message-id": orderId } }, parsed: { ok: true, request } });
    }
    return envelopes;
  }

  /** Grants the envelopes in batches of `batch`, the batches spread over both consumers and all started at once. */
  async function racingGrants(envelopes: InvoiceEnvelope[], batch: number): Promise<DeliveryOutcome[]> {
    const [a, b] = consumers();
    const batches: InvoiceEnvelope[][] = [];
    for (let i = 0; i < envelopes.length; i += batch) batches.push(envelopes.slice(i, i + batch));
    const reports = await Promise.all(batches.map((part, i) => (i % 2 === 0 ? a : b).deliverBatch(part)));
    return reports.flatMap((report) => report.outcomes);
  }

  const codesOf = async (strategyId: number) =>
    (await db().query<{ code: string; order_id: string | null }>("SELECT code, order_id::text FROM award_redeem_code WHERE strategy_id = $1 ORDER BY id", [strategyId])).rows;

  it("hands each pool code to exactly one of 40 orders granted by two racing consumers, and generates codes for the rest (GENERATE)", async () => {
    const { activityId, strategyId } = await deployGift("GENERATE");
    const pooled = Array.from({ length: 15 }, (_, i) => `POOL-${activityId}-${i}`);
    expect(await importCodes(activityId, pooled)).toMatchObject({ added: 15 });
    const envelopes = await wonOrders(activityId, strategyId, 40);

    const outcomes = await racingGrants(envelopes, 5);

    expect(outcomes.map((o) => o.kind)).toEqual(Array(40).fill("GRANTED"));
    const given = outcomes.map((o) => o.deliveryRef as string);
    expect(new Set(given).size).toBe(40);
    expect(given.filter((code) => pooled.includes(code)).sort()).toEqual([...pooled].sort());
    expect(given.filter((code) => !pooled.includes(code)).every((code) => GENERATED_CODE.test(code))).toBe(true);
    const rows = await codesOf(strategyId);
    expect(rows).toHaveLength(40);
    expect(new Set(rows.map((r) => r.order_id)).size).toBe(40);
    expect(rows.every((r) => r.order_id !== null)).toBe(true);
    const delivered = await db().query<{ order_id: string; delivery_ref: string }>(
      "SELECT d.order_id::text, d.delivery_ref FROM award_delivery d JOIN award_redeem_code c ON c.order_id = d.order_id AND c.code = d.delivery_ref WHERE c.strategy_id = $1",
      [strategyId],
    );
    expect(delivered.rows).toHaveLength(40);
  });

  it("under FAIL, grants as many of 30 racing orders as the pool has codes, dead-letters the rest with a task each, and grants them once codes are imported", async () => {
    const { activityId, strategyId } = await deployGift("FAIL");
    const first = Array.from({ length: 10 }, (_, i) => `FIRST-${activityId}-${i}`);
    await importCodes(activityId, first);
    const envelopes = await wonOrders(activityId, strategyId, 30);

    const outcomes = await racingGrants(envelopes, 6);

    const granted = outcomes.filter((o) => o.kind === "GRANTED");
    const failed = outcomes.filter((o) => o.kind === "FAILED");
    expect(granted.map((o) => o.deliveryRef).sort()).toEqual([...first].sort());
    expect(failed).toHaveLength(20);
    expect(failed[0].reason).toMatch(/pool of award gift .* is empty and its policy is FAIL/);
    const failedIds = failed.map((o) => String(o.orderId));
    const states = await db().query<{ n: number }>("SELECT count(*)::int AS n FROM user_strategy_export WHERE order_id = ANY($1::bigint[]) AND grant_state = 2", [failedIds]);
    expect(states.rows[0].n).toBe(20);
    const letters = await db().query<{ n: number }>(
      "SELECT count(*)::int AS n FROM invoice_dead_letter WHERE order_id = ANY($1::bigint[]) AND reason = 'failed' AND sent_at IS NOT NULL",
      [failedIds],
    );
    expect(letters.rows[0].n).toBe(20);
    const taskCount = async (status: string) =>
      (await db().query<{ n: number }>("SELECT count(*)::int AS n FROM compensate_task WHERE biz_type = $1 AND biz_id = ANY($2::text[]) AND status = $3", [REGRANT_ORDER, failedIds, status])).rows[0].n;
    expect(await taskCount("WAIT_HANDLE")).toBe(20);

    const job = new CompensateTasksUseCase(
      new PgCompensationTaskRepository(db()),
      [new RegrantOrderHandler(new PgDrawOrderRepository(db()), consumers()[0])],
      { batchSize: 100, maxAttempts: 10, retryDelayMs: 0, staleAfterMs: 60_000 },
      log,
    );
    // Still no code: the tasks fail again and wait, saying why.
    await job.execute();
    expect(await taskCount("WAIT_HANDLE")).toBe(20);
    const reasons = await db().query<{ last_failed_reason: string }>("SELECT DISTINCT last_failed_reason FROM compensate_task WHERE biz_id = ANY($1::text[])", [failedIds]);
    expect(reasons.rows.map((r) => r.last_failed_reason)).toEqual([expect.stringMatching(/is empty and its policy is FAIL/)]);

    const more = Array.from({ length: 20 }, (_, i) => `MORE-${activityId}-${i}`);
    expect(await importCodes(activityId, [...first, ...more])).toMatchObject({ added: 20, duplicates: 10 });
    await job.execute();

    expect(await taskCount("SUCCESS")).toBe(20);
    const regranted = await db().query<{ code: string; grant_state: number }>(
      "SELECT c.code, o.grant_state FROM user_strategy_export o JOIN award_redeem_code c ON c.order_id = o.order_id WHERE o.order_id = ANY($1::bigint[])",
      [failedIds],
    );
    expect(regranted.rows.map((r) => r.code).sort()).toEqual([...more].sort());
    expect(regranted.rows.every((r) => r.grant_state === 1)).toBe(true);
    expect((await codesOf(strategyId)).every((r) => r.order_id !== null)).toBe(true);
  });
});
