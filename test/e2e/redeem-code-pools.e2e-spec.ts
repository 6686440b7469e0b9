import { randomUUID } from "node:crypto";
import type { Pool } from "pg";
import { createPgPool } from "../../src/infrastructure/persistence/pg-pool.factory";
import { award, ActivityRequestMother } from "../support/activity-request.mother";
import { eventually, startApp, type RunningApp } from "../support/app-harness";
import { OPERATOR_TOKEN, deployDoing } from "../support/operator";
import { createOwnDatabase } from "../support/own-database";
import { ownTopics } from "../support/own-topics";
import { uniqueId } from "../support/unique-id";

const GENERATED_CODE = /^[0-9A-HJKMNP-TV-Z]{16}$/;

/** The empty-pool policies end to end: draw over HTTP → invoice on Kafka → consumer → (compensation) → granted. */
describe("redeem-code pools, from draw to granted code", () => {
  let database: Awaited<ReturnType<typeof createOwnDatabase>>;
  let pool: Pool;
  let app: RunningApp;
  const call = async (method: string, path: string, body?: string | object, contentType = "application/json") => {
    const response = await fetch(`${app.baseUrl}${path}`, {
      method,
      headers: { authorization: `Bearer ${OPERATOR_TOKEN}`, ...(body === undefined ? {} : { "content-type": contentType }) },
      body: body === undefined ? undefined : typeof body === "string" ? body : JSON.stringify(body),
    });
    return { status: response.status, body: (await response.json()) as Record<string, any> };
  };
  const order = async (orderId: string) => (await call("GET", `/api/v1/draws/${orderId}`)).body;

  beforeAll(async () => {
    database = await createOwnDatabase();
    pool = createPgPool(database.url, 4);
    // Role all: API, consumer and worker. Compensation retries every second and does not give up
    // during the test, so a FAIL task is still waiting when the operator imports codes.
    app = await startApp({
      ROLE: "all",
      DATABASE_URL: database.url,
      ADMIN_TOKEN: OPERATOR_TOKEN,
      KAFKA_CONSUMER_GROUP: `codes-${randomUUID().slice(0, 8)}`,
      COMPENSATION_INTERVAL_MS: "300",
      COMPENSATION_RETRY_DELAY_MS: "1000",
      COMPENSATION_MAX_ATTEMPTS: "100",
      CAMPAIGN_INTERVAL_MS: "200",
      ...ownTopics("codes").env,
    });
  }, 60_000);
  afterAll(async () => {
    await app?.stop();
    await pool?.end();
    await database?.drop();
  });

  /** An activity in DOING whose every draw wins award "gift", REDEEM_CODE with `policy`. */
  const giftActivity = (policy: "GENERATE" | "FAIL") =>
    deployDoing(app.baseUrl, ActivityRequestMother.withAwards("ENTIRETY", [{ ...award("gift", "Gift card", 50, "1", "REDEEM_CODE"), whenPoolEmpty: policy } as ReturnType<typeof award>]));

  async function drawWins(activityId: number, users: number): Promise<string[]> {
    const orderIds: string[] = [];
    for (let i = 0; i < users; i++) {
      const drawn = await call("POST", "/api/v1/draws", { uId: `winner-${activityId}-${i}`, activityId });
      expect(drawn.body).toMatchObject({ result: "WIN", award: { awardId: "gift", type: "REDEEM_CODE" } });
      orderIds.push(drawn.body.orderId);
    }
    return orderIds;
  }

  const allSettled = (orderIds: string[]) => eventually(async () => (await Promise.all(orderIds.map(order))).every((o) => o.grantState !== "INIT"), 30_000);

  it("GENERATE: the imported codes go first, each to one winner, then generated codes once the pool is dry", async () => {
    const activityId = await giftActivity("GENERATE");
    const codes = [`G-${activityId}-1`, `G-${activityId}-2`];
    expect((await call("POST", `/api/v1/activities/${activityId}/awards/gift/redeem-codes`, codes.join("\n"), "text/plain")).body).toMatchObject({ added: 2 });
    const orderIds = await drawWins(activityId, 4);
    expect(await allSettled(orderIds)).toBe(true);
    const orders = await Promise.all(orderIds.map(order));
    expect(orders.map((o) => o.grantState)).toEqual(["COMPLETE", "COMPLETE", "COMPLETE", "COMPLETE"]);
    const refs = orders.map((o) => o.delivery.deliveryRef as string);
    expect(refs.filter((ref) => codes.includes(ref)).sort()).toEqual(codes);
    expect(refs.filter((ref) => !codes.includes(ref)).every((ref) => GENERATED_CODE.test(ref))).toBe(true);
    expect(new Set(refs).size).toBe(4);
    expect((await call("GET", `/api/v1/activities/${activityId}/awards/gift/redeem-codes`)).body).toEqual({ total: 4, used: 4, free: 0 });
  }, 90_000);

  it("FAIL: a winner the empty pool cannot serve is dead-lettered with a compensation task, and granted an imported code once the operator adds codes", async () => {
    const activityId = await giftActivity("FAIL");
    await call("POST", `/api/v1/activities/${activityId}/awards/gift/redeem-codes`, `F-${activityId}-1`, "text/plain");
    const orderIds = await drawWins(activityId, 3);
    expect(await allSettled(orderIds)).toBe(true);
    const first = await Promise.all(orderIds.map(order));
    const granted = first.filter((o) => o.grantState === "COMPLETE");
    expect(granted.map((o) => o.delivery.deliveryRef)).toEqual([`F-${activityId}-1`]);
    const waiting = first.filter((o) => o.grantState === "FAIL").map((o) => o.orderId as string);
    expect(waiting).toHaveLength(2);
    const letters = await pool.query("SELECT reason, error FROM invoice_dead_letter WHERE order_id = ANY($1::bigint[])", [waiting]);
    expect(letters.rows).toEqual([0, 1].map(() => ({ reason: "failed", error: expect.stringMatching(/is empty and its policy is FAIL/) })));
    const tasks = await pool.query("SELECT status FROM compensate_task WHERE biz_type = 'REGRANT_ORDER' AND biz_id = ANY($1::text[])", [waiting]);
    // The worker retries them meanwhile (and they fail again): waiting, or being tried right now.
    expect(tasks.rows).toEqual([0, 1].map(() => ({ status: expect.stringMatching(/^(WAIT_HANDLE|PROCESSING)$/) })));

    const imported = await call("POST", `/api/v1/activities/${activityId}/awards/gift/redeem-codes`, [`F-${activityId}-1`, `F-${activityId}-2`, `F-${activityId}-3`].join("\n"), "text/plain");
    expect(imported.body).toMatchObject({ added: 2, duplicates: 1 });
    expect(await eventually(async () => (await Promise.all(waiting.map(order))).every((o) => o.grantState === "COMPLETE"), 30_000)).toBe(true);
    const late = await Promise.all(waiting.map(order));
    expect(late.map((o) => o.delivery.deliveryRef).sort()).toEqual([`F-${activityId}-2`, `F-${activityId}-3`]);
    const done = await pool.query("SELECT status FROM compensate_task WHERE biz_type = 'REGRANT_ORDER' AND biz_id = ANY($1::text[])", [waiting]);
    expect(done.rows).toEqual([{ status: "SUCCESS" }, { status: "SUCCESS" }]);
  }, 90_000);

  it("a REDEEM_CODE campaign grants from its own pool (filled through the campaign route) before generating", async () => {
    const campaignId = uniqueId();
    const awardId = `campaign-gift-${campaignId}`;
    expect((await call("POST", "/api/v1/campaigns", { campaignId, name: "codes", award: { awardId, type: "REDEEM_CODE", name: "Gift card" } })).status).toBe(201);
    const codes = [`C-${campaignId}-1`, `C-${campaignId}-2`];
    expect((await call("POST", `/api/v1/campaigns/${campaignId}/redeem-codes`, codes.join("\n"), "text/plain")).body).toMatchObject({ added: 2 });
    await call("POST", `/api/v1/campaigns/${campaignId}/recipients`, "a\nb\nc", "text/plain");
    await call("POST", `/api/v1/campaigns/${campaignId}/start`);
    expect(await eventually(async () => (await call("GET", `/api/v1/campaigns/${campaignId}`)).body.state === "DONE", 30_000)).toBe(true);
    const refs = await pool.query<{ delivery_ref: string }>(
      "SELECT d.delivery_ref FROM award_delivery d JOIN user_strategy_export o ON o.order_id = d.order_id WHERE o.campaign_id = $1",
      [campaignId],
    );
    const given = refs.rows.map((r) => r.delivery_ref);
    expect(given.filter((ref) => codes.includes(ref)).sort()).toEqual(codes);
    expect(given.filter((ref) => !codes.includes(ref))).toEqual([expect.stringMatching(GENERATED_CODE)]);
    expect((await call("GET", `/api/v1/campaigns/${campaignId}/redeem-codes`)).body).toEqual({ total: 3, used: 3, free: 0 });
  }, 90_000);
});
