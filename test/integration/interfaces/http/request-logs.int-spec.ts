import { ActivityRequestMother, award } from "../../../support/activity-request.mother";
import { startApp } from "../../../support/app-harness";
import { httpClient } from "../../../support/http-client";
import { OPERATOR_TOKEN, deployDoing } from "../../../support/operator";

type Line = Record<string, unknown>;

describe("log lines of a draw", () => {
  it("carry the request id (the caller's X-Request-Id), uId, takeId and orderId, and never the operator token", async () => {
    const lines: string[] = [];
    // Per-draw lines are debug lines: at info, a busy service logs only anomalies and summaries.
    const app = await startApp({ ADMIN_TOKEN: OPERATOR_TOKEN }, lines, "debug");
    try {
      const activityId = await deployDoing(app.baseUrl, ActivityRequestMother.withAwards("SINGLE", [award("d", "Desc", 10, "1")]));
      const response = await fetch(`${app.baseUrl}/api/v1/draws`, {
        method: "POST",
        headers: { "content-type": "application/json", "x-request-id": "req-draw-1" },
        body: JSON.stringify({ uId: "fustack", activityId }),
      });
      const body = (await response.json()) as { orderId: string; takeId: string };
      expect(response.headers.get("x-request-id")).toBe("req-draw-1");

      const parsed = lines.map((line) => JSON.parse(line) as Line);
      const answered = parsed.filter((line) => line.msg === "draw answered");
      expect(answered).toHaveLength(1);
      expect(answered[0]).toMatchObject({ requestId: "req-draw-1", uId: "fustack", takeId: body.takeId, orderId: body.orderId, result: "WIN" });

      const generated = await httpClient(app.baseUrl).post("/api/v1/draws", { uId: "fustack", activityId: 987654321 });
      expect(generated.status).toBe(404);
      const refused = lines.map((line) => JSON.parse(line) as Line).find((line) => line.msg === "draw refused");
      expect(refused?.requestId).toEqual(expect.stringMatching(/^[0-9a-f-]{36}$/));
      expect(lines.join("\n")).not.toContain(OPERATOR_TOKEN);
    } finally {
      await app.stop();
    }
  });

  it("are debug lines: at info, draws write no line each", async () => {
    const lines: string[] = [];
    const app = await startApp({ ADMIN_TOKEN: OPERATOR_TOKEN }, lines, "info");
    try {
      const activityId = await deployDoing(app.baseUrl, ActivityRequestMother.withAwards("SINGLE", [award("d", "Desc", 10, "1")]));
      const before = lines.length;
      for (let i = 0; i < 5; i++) expect((await httpClient(app.baseUrl).post("/api/v1/draws", { uId: `quiet-${i}`, activityId })).status).toBe(200);
      const perDraw = lines.slice(before).filter((line) => /draw (answered|refused)|invoice/.test(line));
      expect(perDraw).toEqual([]);
    } finally {
      await app.stop();
    }
  });
});
