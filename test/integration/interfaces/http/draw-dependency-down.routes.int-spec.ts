import { eventually, startApp } from "../../../support/app-harness";
import { ActivityRequestMother } from "../../../support/activity-request.mother";
import { connectDb } from "../../../support/db";
import { freePort } from "../../../support/free-port";
import { httpClient } from "../../../support/http-client";
import { OPERATOR_TOKEN, deployDoing } from "../../../support/operator";

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
