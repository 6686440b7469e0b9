import type Redis from "ioredis";
import type { Client } from "pg";
import { eventually, type RunningApp } from "../../../support/app-harness";
import { forgetLiveStock, liveStock } from "../../../support/live-stock";
import { ActivityRequestMother, award } from "../../../support/activity-request.mother";
import { readTopic } from "../../../support/invoice-reader";
import { deployDoing } from "../../../support/operator";
import { type DrawApp, drawReads, startDrawApp, stopDrawApp, user } from "./draw-app";

// A draw's win, its order and invoice, and the stock and takes that racing draws share.
describe("POST /api/v1/draws", () => {
  let app: RunningApp;
  let api: DrawApp["api"];
  let db: Client;
  let redis: Redis;

  beforeAll(async () => {
    ({ app, api, db, redis } = await startDrawApp());
  });
  afterAll(() => stopDrawApp({ app, db, redis }));

  const draw = (uId: string, activityId: number, headers?: Record<string, string>) => api.post("/api/v1/draws", { uId, activityId }, headers);
  const { surplusOf, takesOf, liveAwardSurplus } = drawReads(() => db);

  it("wins a prize of the reference scenario, stores the order and records the invoice as sent", async () => {
    const activityId = await deployDoing(app.baseUrl, ActivityRequestMother.reference());
    const response = await draw("xiaofuge", activityId);
    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({ result: "WIN", orderId: expect.stringMatching(/^\d+$/), takeId: expect.stringMatching(/^\d+$/) });
    expect(["1", "2", "3", "4", "5"]).toContain(response.body.award.awardId);

    const order = await api.get(`/api/v1/draws/${response.body.orderId}`);
    expect(order.status).toBe(200);
    expect(order.body).toMatchObject({ orderId: response.body.orderId, uId: "xiaofuge", activityId, grantState: "INIT" });
    expect(order.body.takeId).toBe(response.body.takeId);
    // The invoice goes out after the answer; its send records mq_state COMPLETE.
    expect(await eventually(async () => (await api.get(`/api/v1/draws/${response.body.orderId}`)).body.mqState === "COMPLETE", 10000)).toBe(true);

    const mine = await api.get(`/api/v1/users/xiaofuge/draws?activityId=${activityId}`);
    expect(mine.body.items.map((o: { orderId: string }) => o.orderId)).toEqual([response.body.orderId]);
  });

  it("puts the invoice of a win on lottery_invoice, keyed by uId, with message-id = orderId and the order's fields", async () => {
    const activityId = await deployDoing(app.baseUrl, ActivityRequestMother.reference());
    const uId = user();
    const won = await api.post("/api/v1/draws", { uId, activityId, shippingAddress: { city: "Beijing" } });
    expect(won.body.result).toBe("WIN");

    // Reads the topic from its beginning: allow for a long topic and a busy machine.
    const found = await readTopic(app.config.kafka.brokers, app.config.kafka.invoiceTopic, (v) => v.orderId === won.body.orderId, (kept) => kept.length >= 1, 90000);
    expect(found).toHaveLength(1);
    expect(found[0].key).toBe(uId);
    expect(found[0].headers["message-id"]).toBe(won.body.orderId);
    expect(found[0].value).toEqual({
      orderId: won.body.orderId,
      uId,
      activityId,
      awardId: won.body.award.awardId,
      awardType: 1,
      awardName: won.body.award.name,
      awardContent: won.body.award.content,
      shippingAddress: { city: "Beijing" },
      extInfo: null,
    });
  });

  it("gives exactly 50 of 200 racing users a take when the activity holds 50 units, and Redis and the database agree", async () => {
    const body = ActivityRequestMother.reference({ stockCount: 50, takeCount: 1 });
    const activityId = await deployDoing(app.baseUrl, body);
    const results = await Promise.all(Array.from({ length: 200 }, () => draw(user(), activityId)));
    const taken = results.filter((r) => r.status === 200);
    const refused = results.filter((r) => r.status !== 200);
    expect(taken).toHaveLength(50);
    expect(refused.every((r) => r.status === 409 && r.body.code === "ACTIVITY_OUT_OF_STOCK")).toBe(true);

    expect(await takesOf(activityId)).toBe(50);
    expect(await liveStock(redis, activityId)).toMatchObject({ left: 0 });
    // The stored surplus follows the live stock (the reconciler syncs it), never one write per draw.
    expect(await eventually(async () => (await surplusOf(activityId)) === 0, 10000)).toBe(true);
  });

  it("rebuilds a lost Redis stock counter from the database, never back to full", async () => {
    const activityId = await deployDoing(app.baseUrl, ActivityRequestMother.reference({ stockCount: 10 }));
    for (let i = 0; i < 4; i++) expect((await draw(user(), activityId)).status).toBe(200);
    expect((await liveStock(redis, activityId)).left).toBe(6);

    await forgetLiveStock(redis, activityId);
    expect((await liveStock(redis, activityId)).left).toBeNull();
    expect((await draw(user(), activityId)).status).toBe(200);
    expect((await liveStock(redis, activityId)).left).toBe(5);

    const results = await Promise.all(Array.from({ length: 10 }, () => draw(user(), activityId)));
    expect(results.filter((r) => r.status === 200)).toHaveLength(5);
    expect(await takesOf(activityId)).toBe(10);
  });

  it("lets one user take exactly takeCount (3) of 20 racing draws", async () => {
    const activityId = await deployDoing(app.baseUrl, ActivityRequestMother.reference({ takeCount: 3 }));
    const uId = user();
    const results = await Promise.all(Array.from({ length: 20 }, () => draw(uId, activityId)));
    expect(results.filter((r) => r.status === 200)).toHaveLength(3);
    expect(results.filter((r) => r.status === 409 && r.body.code === "TAKE_LIMIT_REACHED")).toHaveLength(17);
    const counter = await db.query("SELECT total_count, left_count FROM user_take_activity_count WHERE u_id = $1", [uId]);
    expect(counter.rows).toEqual([{ total_count: 3, left_count: 0 }]);
  });

  it("gives the last unit of an award to exactly one of 50 racing users in ENTIRETY mode", async () => {
    const body = ActivityRequestMother.withAwards("ENTIRETY", [award("imac", "IMac", 1, "0.9"), award("book", "Book", 1000, "0.1")]);
    const activityId = await deployDoing(app.baseUrl, { ...body, takeCount: 1 });
    const results = await Promise.all(Array.from({ length: 50 }, () => draw(user(), activityId)));
    expect(results.map((r) => `${r.status} ${r.body.result ?? r.body.code}`).filter((s) => s !== "200 WIN")).toEqual([]);
    expect(results.filter((r) => r.body.award.awardId === "imac")).toHaveLength(1);
    expect(await liveAwardSurplus(body.strategy.strategyId, "imac")).toBe(0);
    const orders = await db.query("SELECT count(*) FROM user_strategy_export WHERE activity_id = $1 AND award_id = 'imac'", [activityId]);
    expect(Number(orders.rows[0].count)).toBe(1);
  });

  it("hands out every unit of an award spread over stock slots, and not one more, to 40 racing users", async () => {
    // 17 units: 16 slots, the first holding two, so the slots run dry unevenly while draws race.
    const body = ActivityRequestMother.withAwards("SINGLE", [award("mug", "Mug", 17, "1")]);
    const activityId = await deployDoing(app.baseUrl, { ...body, takeCount: 1 });
    const slots = await db.query("SELECT count(*)::int AS n, sum(surplus)::int AS surplus FROM strategy_award_stock WHERE strategy_id = $1", [body.strategy.strategyId]);
    expect(slots.rows[0]).toEqual({ n: 16, surplus: 17 });
    const results = await Promise.all(Array.from({ length: 40 }, () => draw(user(), activityId)));
    expect(results.filter((r) => !(r.status === 200 && r.body.result)).map((r) => `${r.status} ${JSON.stringify(r.body)}`)).toEqual([]);
    expect(results.filter((r) => r.status === 200 && r.body.result === "WIN")).toHaveLength(17);
    expect(results.filter((r) => r.status === 200 && r.body.result === "LOSE")).toHaveLength(23);
    expect(await liveAwardSurplus(body.strategy.strategyId, "mug")).toBe(0);
    const orders = await db.query("SELECT count(*)::int AS n FROM user_strategy_export WHERE activity_id = $1", [activityId]);
    expect(orders.rows[0].n).toBe(17);
  });

  it("counts a SINGLE draw that lands on a sold-out award as a loss that consumes the take", async () => {
    const body = ActivityRequestMother.withAwards("SINGLE", [award("only", "Only", 1, "1")]);
    const activityId = await deployDoing(app.baseUrl, body);
    expect((await draw(user(), activityId)).body.result).toBe("WIN");
    const uId = user();
    const second = await draw(uId, activityId);
    expect(second.status).toBe(200);
    expect(second.body).toEqual({ result: "LOSE", takeId: expect.stringMatching(/^\d+$/) });
    const take = await db.query("SELECT state FROM user_take_activity WHERE take_id = $1", [second.body.takeId]);
    expect(take.rows[0].state).toBe(1);
    expect((await api.get(`/api/v1/users/${uId}/draws`)).body.items).toEqual([]);
  });

  it("writes each take already used, with its own unit of stock, so no take is ever left unused", async () => {
    const activityId = await deployDoing(app.baseUrl, ActivityRequestMother.reference({ stockCount: 20 }));
    await Promise.all(Array.from({ length: 12 }, () => draw(user(), activityId)));
    const takes = await db.query("SELECT state, stock_unit FROM user_take_activity WHERE activity_id = $1", [activityId]);
    expect(takes.rows).toHaveLength(12);
    expect(takes.rows.every((t) => t.state === 1)).toBe(true);
    const units = takes.rows.map((t) => t.stock_unit as number);
    expect(new Set(units).size).toBe(12);
    expect(units.every((u) => u >= 0 && u < 20)).toBe(true);
  });
});
