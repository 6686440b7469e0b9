import { randomUUID } from "node:crypto";
import Redis from "ioredis";
import type { Client } from "pg";
import { eventually } from "../../../support/app-harness";
import { forgetLiveStock, liveStock } from "../../../support/live-stock";
import { ActivityRequestMother, award } from "../../../support/activity-request.mother";
import { startApp, type RunningApp } from "../../../support/app-harness";
import { connectDb } from "../../../support/db";
import { freePort } from "../../../support/free-port";
import { httpClient } from "../../../support/http-client";
import { readTopic } from "../../../support/invoice-reader";
import { ownTopics } from "../../../support/own-topics";
import { OPERATOR_TOKEN, deployDoing } from "../../../support/operator";

const user = () => `user-${randomUUID().slice(0, 8)}`;

describe("POST /api/v1/draws", () => {
  let app: RunningApp;
  let api: ReturnType<typeof httpClient>;
  let db: Client;
  let redis: Redis;

  beforeAll(async () => {
    // An invoice topic of its own: a test reads its invoice back from it.
    app = await startApp({ ADMIN_TOKEN: OPERATOR_TOKEN, DATABASE_POOL_SIZE: "20", STOCK_RECONCILE_INTERVAL_MS: "200", ...ownTopics("draw").env });
    api = httpClient(app.baseUrl);
    db = await connectDb();
    redis = new Redis(process.env.REDIS_URL as string, { keyPrefix: process.env.REDIS_KEY_PREFIX });
  });
  afterAll(async () => {
    await app.stop();
    await db.end();
    redis.disconnect();
  });

  const draw = (uId: string, activityId: number, headers?: Record<string, string>) => api.post("/api/v1/draws", { uId, activityId }, headers);

  async function surplusOf(activityId: number): Promise<number> {
    return (await db.query("SELECT stock_surplus_count FROM activity WHERE activity_id = $1", [activityId])).rows[0].stock_surplus_count;
  }

  async function takesOf(activityId: number): Promise<number> {
    return Number((await db.query("SELECT count(*) FROM user_take_activity WHERE activity_id = $1", [activityId])).rows[0].count);
  }

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
    const imac = await db.query("SELECT award_surplus_count FROM strategy_detail WHERE strategy_id = $1 AND award_id = 'imac'", [body.strategy.strategyId]);
    expect(imac.rows[0].award_surplus_count).toBe(0);
    const orders = await db.query("SELECT count(*) FROM user_strategy_export WHERE activity_id = $1 AND award_id = 'imac'", [activityId]);
    expect(Number(orders.rows[0].count)).toBe(1);
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

  it("answers a retried request with the same Idempotency-Key with the first answer and takes once", async () => {
    const activityId = await deployDoing(app.baseUrl, ActivityRequestMother.reference());
    const uId = user();
    const key = randomUUID();
    const [first, second] = await Promise.all([draw(uId, activityId, { "idempotency-key": key }), draw(uId, activityId, { "idempotency-key": key })]);
    const third = await draw(uId, activityId, { "idempotency-key": key });
    const answered = [first, second].find((r) => r.status === 200)!;
    // The racing retry either saw the first still running (409) or got its answer.
    for (const racing of [first, second]) {
      if (racing.status !== 200) expect(racing.body.code).toBe("IDEMPOTENCY_KEY_IN_USE");
      else expect(racing.body).toEqual(answered.body);
    }
    expect(third.body).toEqual(answered.body);
    expect(await takesOf(activityId)).toBe(1);
    expect((await draw(uId, activityId, { "idempotency-key": randomUUID() })).body.takeId).not.toBe(answered.body.takeId);
  });

  it("scopes an Idempotency-Key to its user: another uId with the same key draws for itself and never sees the first answer", async () => {
    const activityId = await deployDoing(app.baseUrl, ActivityRequestMother.reference());
    const key = randomUUID();
    const mine = await draw(user(), activityId, { "idempotency-key": key });
    const theirs = await draw(user(), activityId, { "idempotency-key": key });
    expect(mine.status).toBe(200);
    expect(theirs.status).toBe(200);
    expect(theirs.headers?.["idempotent-replayed"]).toBeUndefined();
    expect(theirs.body.takeId).not.toBe(mine.body.takeId);
    expect(await takesOf(activityId)).toBe(2);
  });

  it("refuses the same Idempotency-Key with another body with 422 IDEMPOTENCY_KEY_REUSED", async () => {
    const first = await deployDoing(app.baseUrl, ActivityRequestMother.reference());
    const other = await deployDoing(app.baseUrl, ActivityRequestMother.reference());
    const uId = user();
    const key = randomUUID();
    expect((await draw(uId, first, { "idempotency-key": key })).status).toBe(200);
    const reused = await draw(uId, other, { "idempotency-key": key });
    expect(reused.status).toBe(422);
    expect(reused.body.code).toBe("IDEMPOTENCY_KEY_REUSED");
    expect(await takesOf(other)).toBe(0);
  });

  it("rebuilds the first answer from the take when Redis has forgotten the key, and draws nothing more", async () => {
    const activityId = await deployDoing(app.baseUrl, ActivityRequestMother.reference());
    const uId = user();
    const key = randomUUID();
    const first = await draw(uId, activityId, { "idempotency-key": key });
    expect(first.status).toBe(200);
    await redis.del(`idempotency:draw:${uId}:${key}`);
    const retried = await draw(uId, activityId, { "idempotency-key": key });
    expect(retried.status).toBe(200);
    expect(retried.body).toEqual(first.body);
    expect(await takesOf(activityId)).toBe(1);
    // And with another body, the take row still knows it was another request.
    await redis.del(`idempotency:draw:${uId}:${key}`);
    const otherBody = await api.post("/api/v1/draws", { uId, activityId, shippingAddress: { city: "Hangzhou" } }, { "idempotency-key": key });
    expect(otherBody.body.code).toBe("IDEMPOTENCY_KEY_REUSED");
    expect(await takesOf(activityId)).toBe(1);
  });

  describe("refusals", () => {
    it("ACTIVITY_NOT_FOUND for an activity that does not exist", async () => {
      const response = await draw(user(), 987654321012);
      expect(response.status).toBe(404);
      expect(response.body.code).toBe("ACTIVITY_NOT_FOUND");
    });

    it("ACTIVITY_NOT_OPEN for an activity still in EDIT and for one whose window has passed", async () => {
      const body = ActivityRequestMother.reference();
      await httpClient(app.baseUrl, OPERATOR_TOKEN).post("/api/v1/activities", body);
      const editing = await draw(user(), body.activityId);
      expect(editing.status).toBe(409);
      expect(editing.body.code).toBe("ACTIVITY_NOT_OPEN");

      const ended = ActivityRequestMother.reference({ beginAt: "2020-01-01T00:00:00Z", endAt: "2020-02-01T00:00:00Z" });
      const activityId = await deployDoing(app.baseUrl, ended);
      expect((await draw(user(), activityId)).body.code).toBe("ACTIVITY_NOT_OPEN");
      expect(await takesOf(activityId)).toBe(0);
    });

    it("ACTIVITY_OUT_OF_STOCK for an activity deployed without stock", async () => {
      const activityId = await deployDoing(app.baseUrl, ActivityRequestMother.reference({ stockCount: 0 }));
      const response = await draw(user(), activityId);
      expect(response.status).toBe(409);
      expect(response.body.code).toBe("ACTIVITY_OUT_OF_STOCK");
    });

    it.each([
      ["a missing uId", { activityId: 1 }],
      ["an empty uId", { uId: "", activityId: 1 }],
      ["a uId over 64 characters", { uId: "u".repeat(65), activityId: 1 }],
      ["a uId with a control character", { uId: "a\u0007b", activityId: 1 }],
      ["an activityId as text", { uId: "u", activityId: "100001" }],
      ["an unknown field", { uId: "u", activityId: 1, coins: 5 }],
    ])("ILLEGAL_PARAMETER for %s", async (_what, body) => {
      const response = await api.post("/api/v1/draws", body);
      expect(response.status).toBe(400);
      expect(response.body.code).toBe("ILLEGAL_PARAMETER");
    });

    it("400 for malformed JSON and 413 for an oversized body, never a 5xx", async () => {
      expect((await api.post("/api/v1/draws", '{"uId": "x", ')).body.code).toBe("MALFORMED_JSON");
      const huge = await api.post("/api/v1/draws", { uId: "u", activityId: 1, shippingAddress: { street: "x".repeat(70_000) } });
      expect(huge.status).toBe(413);
      expect(huge.body.code).toBe("PAYLOAD_TOO_LARGE");
    });

    it("ORDER_NOT_FOUND and ILLEGAL_PARAMETER when reading orders", async () => {
      expect((await api.get("/api/v1/draws/123456789")).body.code).toBe("ORDER_NOT_FOUND");
      expect((await api.get("/api/v1/draws/abc")).body.code).toBe("ILLEGAL_PARAMETER");
    });
  });
});

describe("POST /api/v1/draws while a dependency is down", () => {
  it("answers 503 UNAVAILABLE when Redis is unreachable, and writes no take", async () => {
    const healthy = await startApp({ ADMIN_TOKEN: OPERATOR_TOKEN });
    const activityId = await deployDoing(healthy.baseUrl, ActivityRequestMother.reference());
    await healthy.stop();

    const app = await startApp({ ADMIN_TOKEN: OPERATOR_TOKEN, REDIS_URL: `redis://127.0.0.1:${await freePort()}` });
    const db = await connectDb();
    try {
      const response = await httpClient(app.baseUrl).post("/api/v1/draws", { uId: "fustack", activityId });
      expect(response.status).toBe(503);
      expect(response.body.code).toBe("UNAVAILABLE");
      const takes = await db.query("SELECT count(*) FROM user_take_activity WHERE activity_id = $1", [activityId]);
      expect(Number(takes.rows[0].count)).toBe(0);
      const counters = await db.query("SELECT count(*) FROM user_take_activity_count WHERE activity_id = $1", [activityId]);
      expect(Number(counters.rows[0].count)).toBe(0);
    } finally {
      await app.stop();
      await db.end();
    }
  });

  it("answers WIN at once when no Kafka broker answers; the failed send leaves the order at mq_state FAIL", async () => {
    const healthy = await startApp({ ADMIN_TOKEN: OPERATOR_TOKEN });
    const activityId = await deployDoing(healthy.baseUrl, ActivityRequestMother.reference());
    await healthy.stop();

    const app = await startApp({ ADMIN_TOKEN: OPERATOR_TOKEN, KAFKA_BROKERS: `127.0.0.1:${await freePort()}`, KAFKA_SEND_TIMEOUT_MS: "800" });
    try {
      const api = httpClient(app.baseUrl);
      const response = await api.post("/api/v1/draws", { uId: "fustack", activityId });
      expect(response.status).toBe(200);
      expect(response.body.result).toBe("WIN");
      // The answer did not wait for the send: it is still on its way (bounded by the 800 ms send timeout).
      expect((await api.get(`/api/v1/draws/${response.body.orderId}`)).body.mqState).toBe("INIT");
      expect(await eventually(async () => (await api.get(`/api/v1/draws/${response.body.orderId}`)).body.mqState === "FAIL", 10000)).toBe(true);
    } finally {
      await app.stop();
    }
  });
});

describe("POST /api/v1/draws across processes and at shutdown", () => {
  it("sees an operator's state change in another process before its next draw, both ways", async () => {
    const operatorSide = await startApp({ ADMIN_TOKEN: OPERATOR_TOKEN });
    // A long cache, so only the draw path's own checks can make this pass.
    const drawSide = await startApp({ ADMIN_TOKEN: OPERATOR_TOKEN, ACTIVITY_CACHE_TTL_MS: "600000" });
    try {
      const activityId = await deployDoing(operatorSide.baseUrl, ActivityRequestMother.reference({ stockCount: 50 }));
      const operator = httpClient(operatorSide.baseUrl, OPERATOR_TOKEN);
      const draws = httpClient(drawSide.baseUrl);
      expect((await draws.post("/api/v1/draws", { uId: user(), activityId })).status).toBe(200); // cached as DOING
      expect((await operator.post(`/api/v1/activities/${activityId}/state`, { action: "close" })).status).toBe(200);
      expect((await draws.post("/api/v1/draws", { uId: user(), activityId })).body.code).toBe("ACTIVITY_NOT_OPEN");
      expect((await operator.post(`/api/v1/activities/${activityId}/state`, { action: "open" })).status).toBe(200);
      expect((await operator.post(`/api/v1/activities/${activityId}/state`, { action: "doing" })).status).toBe(200);
      expect((await draws.post("/api/v1/draws", { uId: user(), activityId })).status).toBe(200);
    } finally {
      await drawSide.stop();
      await operatorSide.stop();
    }
  });

  it("sends the invoices still waiting when the process shuts down", async () => {
    const app = await startApp({ ADMIN_TOKEN: OPERATOR_TOKEN, INVOICE_LINGER_MS: "1000" });
    const db = await connectDb();
    try {
      const activityId = await deployDoing(app.baseUrl, ActivityRequestMother.withAwards("SINGLE", [award("w", "Win", 100, "1")]));
      const won = await httpClient(app.baseUrl).post("/api/v1/draws", { uId: user(), activityId });
      expect(won.body.result).toBe("WIN");
      expect(await app.stop()).toBe(true);
      const order = await db.query("SELECT mq_state FROM user_strategy_export WHERE order_id = $1", [won.body.orderId]);
      expect(order.rows[0].mq_state).toBe(1);
    } finally {
      await db.end();
    }
  });
});

