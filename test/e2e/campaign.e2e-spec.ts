import { randomUUID } from "node:crypto";
import type { Pool } from "pg";
import { createPgPool } from "../../src/infrastructure/persistence/pg-pool.factory";
import { eventually, startApp, type RunningApp } from "../support/app-harness";
import { OPERATOR_TOKEN } from "../support/operator";
import { createOwnDatabase } from "../support/own-database";
import { ownTopics } from "../support/own-topics";
import { uniqueId } from "../support/unique-id";

/** A bulk grant campaign end to end on the real services (issue 11). */
describe("a bulk grant campaign", () => {
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
  const count = async (sql: string, values: unknown[]) => (await pool.query<{ n: number }>(sql, values)).rows[0].n;

  beforeAll(async () => {
    database = await createOwnDatabase();
    pool = createPgPool(database.url, 4);
    // Role all: the API, the consumer that grants and the worker that runs the chunks, in one process.
    app = await startApp({
      ROLE: "all",
      DATABASE_URL: database.url,
      ADMIN_TOKEN: OPERATOR_TOKEN,
      KAFKA_CONSUMER_GROUP: `campaign-${randomUUID().slice(0, 8)}`,
      CAMPAIGN_CHUNK_SIZE: "200",
      CAMPAIGN_INTERVAL_MS: "200",
      METRICS_REFRESH_MS: "300",
      ...ownTopics("campaign").env,
    });
  }, 60_000);
  afterAll(async () => {
    await app?.stop();
    await pool?.end();
    await database?.drop();
  });

  it("grants each recipient perUser times exactly once; a second upload adds nothing; pause stops it and resume finishes it", async () => {
    const campaignId = uniqueId();
    const created = await call("POST", "/api/v1/campaigns", { campaignId, name: "make-good", award: { awardId: "sorry", type: "COUPON", name: "Sorry coupon", content: "10 off" }, perUser: 2 });
    expect(created).toEqual({ status: 201, body: { campaignId, state: "OPEN", recipients: 0 } });
    expect((await call("POST", "/api/v1/campaigns", { campaignId, name: "again", award: { awardId: "x", type: "DESC", name: "x" } })).body.code).toBe("CAMPAIGN_ALREADY_EXISTS");

    const users = Array.from({ length: 3000 }, (_, i) => `recipient-${i}`);
    const upload = await call("POST", `/api/v1/campaigns/${campaignId}/recipients`, `${users.join("\n")}\n${users.slice(0, 10).join("\n")}\n`, "text/plain");
    expect(upload).toEqual({ status: 200, body: { accepted: 3000, duplicates: 10, invalid: [], invalidCount: 0 } });
    const again = await call("POST", `/api/v1/campaigns/${campaignId}/recipients`, users.map((uId) => JSON.stringify({ uId })).join("\n"), "application/x-ndjson");
    expect(again.body).toMatchObject({ accepted: 0, duplicates: 3000 });

    expect((await call("POST", `/api/v1/campaigns/${campaignId}/start`)).body).toMatchObject({ state: "RUNNING", recipients: 3000 });
    expect((await call("POST", `/api/v1/campaigns/${campaignId}/recipients`, "late\n", "text/plain")).body.code).toBe("CAMPAIGN_STATE_CONFLICT");
    // Paused as soon as some grants are ordered: the chunks not yet claimed wait.
    expect(await eventually(async () => (await call("GET", `/api/v1/campaigns/${campaignId}`)).body.ordered > 0, 30_000, 50)).toBe(true);
    expect((await call("POST", `/api/v1/campaigns/${campaignId}/pause`)).body.state).toBe("PAUSED");
    await new Promise((resolve) => setTimeout(resolve, 1500)); // chunks that were running finish
    const paused = (await call("GET", `/api/v1/campaigns/${campaignId}`)).body;
    await new Promise((resolve) => setTimeout(resolve, 1500));
    expect((await call("GET", `/api/v1/campaigns/${campaignId}`)).body.ordered).toBe(paused.ordered);
    expect(paused.ordered).toBeLessThan(6000);
    expect((await call("POST", `/api/v1/campaigns/${campaignId}/pause`)).body.code).toBe("CAMPAIGN_STATE_CONFLICT");

    expect((await call("POST", `/api/v1/campaigns/${campaignId}/resume`)).body.state).toBe("RUNNING");
    expect(await eventually(async () => (await call("GET", `/api/v1/campaigns/${campaignId}`)).body.state === "DONE", 90_000, 500)).toBe(true);
    const done = (await call("GET", `/api/v1/campaigns/${campaignId}`)).body;
    expect(done).toMatchObject({ recipients: 3000, ordered: 6000, sent: 6000, granted: 6000, failed: 0, startedAt: expect.any(String), finishedAt: expect.any(String) });

    // The counters tell the truth: one order and one delivery per (campaign, uId, n).
    expect(await count("SELECT count(*)::int AS n FROM user_strategy_export WHERE campaign_id = $1", [campaignId])).toBe(6000);
    expect(await count("SELECT count(DISTINCT (u_id, uuid))::int AS n FROM user_strategy_export WHERE campaign_id = $1", [campaignId])).toBe(6000);
    expect(await count("SELECT count(*)::int AS n FROM award_delivery d JOIN user_strategy_export o USING (order_id) WHERE o.campaign_id = $1", [campaignId])).toBe(6000);
    expect(await count("SELECT count(*)::int AS n FROM award_coupon c JOIN user_strategy_export o USING (order_id) WHERE o.campaign_id = $1", [campaignId])).toBe(6000);

    // /metrics shows the campaign's counters.
    const metricLine = `lottery_campaign_progress{campaign_id="${campaignId}",state="DONE",counter="granted"} 6000`;
    expect(await eventually(async () => (await fetch(`${app.baseUrl}/metrics`).then((r) => r.text())).includes(metricLine), 10_000)).toBe(true);

    // A recipient's orders list shows the grants, with their campaign.
    const mine = await fetch(`${app.baseUrl}/api/v1/users/recipient-7/draws`).then((r) => r.json() as Promise<{ items: Array<{ campaignId: number; takeId: unknown }> }>);
    expect(mine.items).toHaveLength(2);
    expect(mine.items.every((o) => o.campaignId === campaignId && o.takeId === null)).toBe(true);
  }, 150_000);

  it("reports bad lines with their numbers and counts duplicates in an upload", async () => {
    const campaignId = uniqueId();
    await call("POST", "/api/v1/campaigns", { campaignId, name: "lines", award: { awardId: "d", type: "DESC", name: "D" } });
    const lines = ["alice", "", "bob", "x".repeat(65), "bell\u0007", "alice", "carol\r", "\u200bzero-width"];
    const upload = await call("POST", `/api/v1/campaigns/${campaignId}/recipients`, lines.join("\n"), "text/plain");
    expect(upload.body).toEqual({
      accepted: 3,
      duplicates: 1,
      invalid: [
        { line: 2, reason: "empty" },
        { line: 4, reason: "longer than 64 characters" },
        { line: 5, reason: "not printable" },
        { line: 8, reason: "not printable" },
      ],
      invalidCount: 4,
    });
    const ndjson = await call("POST", `/api/v1/campaigns/${campaignId}/recipients`, '{"uId":"dave"}\n{"user":"x"}\nnot json\n{"uId":"alice"}', "application/x-ndjson");
    expect(ndjson.body).toEqual({
      accepted: 1,
      duplicates: 1,
      invalid: [
        { line: 2, reason: "not a JSON object with a string uId" },
        { line: 3, reason: "not a JSON object with a string uId" },
      ],
      invalidCount: 2,
    });
    expect((await call("GET", `/api/v1/campaigns/${campaignId}`)).body.recipients).toBe(4);
    expect((await call("POST", `/api/v1/campaigns/${campaignId}/recipients`, "eve", "application/octet-stream")).status).toBe(415);
    expect((await call("GET", "/api/v1/campaigns/987654321")).body.code).toBe("CAMPAIGN_NOT_FOUND");
  });
});
