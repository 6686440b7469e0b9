import { startApp } from "../../../support/app-harness";
import { ActivityRequestMother, award } from "../../../support/activity-request.mother";
import { connectDb } from "../../../support/db";
import { httpClient } from "../../../support/http-client";
import { OPERATOR_TOKEN, deployDoing } from "../../../support/operator";
import { user } from "./draw-app";

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
