import { randomUUID } from "node:crypto";
import type { Pool } from "pg";
import { createPgPool } from "../../src/infrastructure/persistence/pg-pool.factory";
import { eventually } from "../support/app-harness";
import { OPERATOR_TOKEN } from "../support/operator";
import { createOwnDatabase } from "../support/own-database";
import { ownTopics } from "../support/own-topics";
import { ServiceProcess } from "../support/private-services";
import { uniqueId } from "../support/unique-id";

/** A campaign worker SIGKILLed in the middle of a chunk (issue 11): its chunk is taken over, nothing twice, nothing missed. */
describe("a campaign whose worker is killed mid-chunk", () => {
  let database: Awaited<ReturnType<typeof createOwnDatabase>>;
  let pool: Pool;
  const processes: ServiceProcess[] = [];
  let env: NodeJS.ProcessEnv;

  beforeAll(async () => {
    database = await createOwnDatabase();
    pool = createPgPool(database.url, 4);
    env = {
      DATABASE_URL: database.url,
      ADMIN_TOKEN: OPERATOR_TOKEN,
      REDIS_KEY_PREFIX: `${process.env.REDIS_KEY_PREFIX}campaign-kill-${randomUUID().slice(0, 6)}:`,
      KAFKA_CONSUMER_GROUP: `campaign-kill-${randomUUID().slice(0, 8)}`,
      // Small writes, so a chunk takes long enough to be killed in the middle of it.
      CAMPAIGN_CHUNK_SIZE: "1500",
      CAMPAIGN_WRITE_BATCH: "20",
      CAMPAIGN_INTERVAL_MS: "200",
      CAMPAIGN_CHUNK_LEASE_MS: "3000",
      SCANNER_INTERVAL_MS: "1000",
      SCANNER_STALE_AFTER_MS: "5000",
      ...ownTopics("campaign-kill").env,
    };
    for (const role of ["api", "consumer"]) processes.push(new ServiceProcess(role, env));
    await Promise.all(processes.map((p) => p.start()));
  }, 90_000);
  afterAll(async () => {
    await Promise.all(processes.map((p) => p.kill("SIGKILL")));
    await pool?.end();
    await database?.drop();
  }, 30_000);

  it("takes the chunk over after its lease and grants every recipient exactly once", async () => {
    const api = processes[0].url;
    const call = async (method: string, path: string, body?: string | object, contentType = "application/json") => {
      const response = await fetch(`${api}${path}`, {
        method,
        headers: { authorization: `Bearer ${OPERATOR_TOKEN}`, ...(body === undefined ? {} : { "content-type": contentType }) },
        body: body === undefined ? undefined : typeof body === "string" ? body : JSON.stringify(body),
      });
      return (await response.json()) as Record<string, any>;
    };
    const campaignId = uniqueId();
    await call("POST", "/api/v1/campaigns", { campaignId, name: "killed", award: { awardId: "d", type: "DESC", name: "D" }, perUser: 1 });
    const recipients = Array.from({ length: 3000 }, (_, i) => `k-${i}`);
    expect((await call("POST", `/api/v1/campaigns/${campaignId}/recipients`, recipients.join("\n"), "text/plain")).accepted).toBe(3000);
    expect((await call("POST", `/api/v1/campaigns/${campaignId}/start`)).state).toBe("RUNNING");

    const doomed = new ServiceProcess("worker", env);
    processes.push(doomed);
    await doomed.start();
    const ordered = async () => (await call("GET", `/api/v1/campaigns/${campaignId}`)).ordered as number;
    expect(await eventually(async () => (await ordered()) >= 100, 30_000, 20)).toBe(true);
    await doomed.kill("SIGKILL");
    const atKill = await ordered();
    expect(atKill).toBeLessThan(3000); // killed in the middle, not after the end

    const survivor = new ServiceProcess("worker", env);
    processes.push(survivor);
    await survivor.start();
    expect(await eventually(async () => (await call("GET", `/api/v1/campaigns/${campaignId}`)).state === "DONE", 90_000, 500)).toBe(true);

    const n = async (sql: string) => (await pool.query<{ n: number }>(sql, [campaignId])).rows[0].n;
    expect(await n("SELECT count(*)::int AS n FROM user_strategy_export WHERE campaign_id = $1")).toBe(3000);
    expect(await n("SELECT count(DISTINCT u_id)::int AS n FROM user_strategy_export WHERE campaign_id = $1")).toBe(3000);
    expect(await n("SELECT count(*)::int AS n FROM award_delivery d JOIN user_strategy_export o USING (order_id) WHERE o.campaign_id = $1")).toBe(3000);
    expect(await call("GET", `/api/v1/campaigns/${campaignId}`)).toMatchObject({ ordered: 3000, granted: 3000, failed: 0 });
    expect(survivor.lines.some((line) => line.includes("campaign chunks of a worker that stopped taken over"))).toBe(true);
  }, 180_000);
});
