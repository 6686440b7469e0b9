import { randomUUID } from "node:crypto";
import { ActivityRequestMother, award } from "../../../support/activity-request.mother";
import { eventually, startApp, type RunningApp } from "../../../support/app-harness";
import { httpClient } from "../../../support/http-client";
import { OPERATOR_TOKEN, deployDoing } from "../../../support/operator";
import { createOwnDatabase } from "../../../support/own-database";
import { ownTopics } from "../../../support/own-topics";

/** The value of one sample line of a Prometheus text exposition, or 0 when absent. */
function sample(text: string, name: string, labels: Record<string, string>): number {
  const wanted = Object.entries(labels).map(([k, v]) => `${k}="${v}"`);
  for (const line of text.split("\n")) {
    if (!line.startsWith(`${name}{`) && !line.startsWith(`${name} `)) continue;
    if (wanted.every((label) => line.includes(label))) return Number(line.split(" ").pop());
  }
  return 0;
}

describe("GET /metrics", () => {
  let database: Awaited<ReturnType<typeof createOwnDatabase>>;
  let app: RunningApp;
  beforeAll(async () => {
    database = await createOwnDatabase();
    app = await startApp({
      ROLE: "all",
      DATABASE_URL: database.url,
      ADMIN_TOKEN: OPERATOR_TOKEN,
      KAFKA_CONSUMER_GROUP: `test-${randomUUID()}`,
      METRICS_REFRESH_MS: "300",
      // Its consumer reads only this file's invoices, so its counters are its own.
      ...ownTopics("metrics").env,
    });
  });
  afterAll(async () => {
    await app.stop();
    await database.drop();
  });

  it("shows a draw, its invoice send and its delivery", async () => {
    const api = httpClient(app.baseUrl);
    const activityId = await deployDoing(app.baseUrl, ActivityRequestMother.withAwards("SINGLE", [award("d", "Desc", 10, "1")]));
    const won = await api.post("/api/v1/draws", { uId: "xiaofuge", activityId });
    expect(won.body.result).toBe("WIN");
    await api.post("/api/v1/draws", { uId: "xiaofuge", activityId: 424242424242 });

    const scrape = async () => (await fetch(`${app.baseUrl}/metrics`)).text();
    expect(await eventually(async () => sample(await scrape(), "lottery_deliveries_total", { award_type: "DESC", outcome: "GRANTED" }) >= 1, 60000)).toBe(true);
    expect(await eventually(async () => sample(await scrape(), "lottery_orders_by_grant_state", { grant_state: "COMPLETE" }) === 1, 10000)).toBe(true);

    const text = await scrape();
    expect(sample(text, "lottery_draws_total", { activity_id: String(activityId), result: "WIN" })).toBe(1);
    expect(sample(text, "lottery_draws_total", { activity_id: "424242424242", result: "ACTIVITY_NOT_FOUND" })).toBe(1);
    expect(sample(text, "lottery_draw_duration_seconds_count", {})).toBe(2);
    expect(sample(text, "lottery_invoices_sent_total", { outcome: "sent" })).toBe(1);
    expect(sample(text, "lottery_orders_by_mq_state", { mq_state: "COMPLETE" })).toBe(1);
    expect(sample(text, "lottery_job_runs_total", { job: "invoice-scanner", outcome: "ok" })).toBeGreaterThanOrEqual(1);
    expect(text).toMatch(/^lottery_consumer_lag\{partition="0"\} \d+$/m);
    expect(text).toContain("lottery_process_cpu_seconds_total");
  });
});
