import { randomUUID } from "node:crypto";
import type Redis from "ioredis";
import type { Client } from "pg";
import type { RunningApp } from "../../../support/app-harness";
import { ActivityRequestMother } from "../../../support/activity-request.mother";
import { deployDoing } from "../../../support/operator";
import { type DrawApp, drawReads, startDrawApp, stopDrawApp, user } from "./draw-app";

// A draw retried with its Idempotency-Key: answered once, taken once.
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
  const { takesOf } = drawReads(() => db);

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
});
