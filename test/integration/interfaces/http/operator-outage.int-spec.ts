import type { Pool } from "pg";
import { createPgPool } from "../../../../src/infrastructure/persistence/pg-pool.factory";
import { eventually, startApp, type RunningApp } from "../../../support/app-harness";
import { ActivityRequestMother } from "../../../support/activity-request.mother";
import { httpClient } from "../../../support/http-client";
import { OPERATOR_TOKEN } from "../../../support/operator";
import { PrivateBroker, PrivatePostgres } from "../../../support/private-services";
import { uniqueId } from "../../../support/unique-id";

const READS = ["/api/v1/operator/summary", "/api/v1/operator/stuck", "/api/v1/operator/consumer-lag", "/api/v1/operator/dead-letters"];

// The console's routes with Kafka, then PostgreSQL, away: 503 UNAVAILABLE naming it, never a 500
// or a crash. Both are private, since this test stops them.
describe("the operator routes while a dependency is away", () => {
  let pg: PrivatePostgres;
  let broker: PrivateBroker;
  let pool: Pool;
  let app: RunningApp;

  beforeAll(async () => {
    [pg, broker] = await Promise.all([PrivatePostgres.start("lottery"), PrivateBroker.start()]);
    pool = createPgPool(pg.urlFor("lottery"), 2);
    pool.on("error", () => undefined);
    app = await startApp({ DATABASE_URL: pg.urlFor("lottery"), KAFKA_BROKERS: broker.brokers, ADMIN_TOKEN: OPERATOR_TOKEN, KAFKA_SEND_TIMEOUT_MS: "1000", DEMO_ACTIVITY: "true" });
  }, 180_000);
  afterAll(async () => {
    await app?.stop();
    await pool?.end().catch(() => undefined);
    await Promise.allSettled([pg?.destroy(), broker?.destroy()]);
  });

  const operator = () => httpClient(app.baseUrl, OPERATOR_TOKEN);
  const statusOf = async (method: "GET" | "POST", path: string, body?: unknown) => {
    const answer = method === "GET" ? await operator().get(path) : await operator().post(path, body);
    return { status: answer.status, code: answer.body?.code as string | undefined, message: answer.body?.message as string | undefined };
  };

  it("answers 503 UNAVAILABLE for what needs Kafka while the broker is down, and the rest goes on", async () => {
    for (const path of READS) expect((await statusOf("GET", path)).status).toBe(200);
    // An order whose send failed: re-sending it needs the broker.
    const orderId = String(uniqueId());
    await pool.query(
      `INSERT INTO user_strategy_export (order_id, u_id, activity_id, strategy_id, strategy_mode, grant_type, award_id, award_type, award_name, award_content, uuid, mq_state)
       VALUES ($1::bigint, 'stuck-user', 100001, 10001, 2, 1, '5', 1, 'Book', 'a book', $1, 2)`,
      [orderId],
    );
    expect((await operator().get("/api/v1/operator/stuck")).body).toMatchObject({ total: 1, items: [{ orderId, mqState: "FAIL" }] });

    broker.kill();
    const kafkaAway = { status: 503, code: "UNAVAILABLE", message: expect.stringMatching(/Kafka/) };
    expect(await eventually(async () => (await statusOf("GET", "/api/v1/operator/consumer-lag")).status === 503, 30_000)).toBe(true);
    expect(await statusOf("GET", "/api/v1/operator/consumer-lag")).toEqual(kafkaAway);
    expect(await statusOf("GET", "/api/v1/operator/dead-letters")).toEqual(kafkaAway);
    expect(await statusOf("POST", "/api/v1/operator/dead-letters/replay", {})).toEqual(kafkaAway);
    expect(await statusOf("POST", "/api/v1/operator/stuck/resend")).toEqual(kafkaAway);
    // The order stays stuck for the scanner, and what needs only PostgreSQL still answers.
    expect((await operator().get("/api/v1/operator/stuck")).body).toMatchObject({ total: 1, items: [{ orderId, mqState: "FAIL" }] });
    expect((await statusOf("GET", "/api/v1/operator/summary")).status).toBe(200);

    await broker.resume();
    expect(await eventually(async () => (await statusOf("POST", "/api/v1/operator/stuck/resend")).status === 200, 60_000)).toBe(true);
    expect((await operator().get("/api/v1/operator/stuck")).body).toMatchObject({ total: 0 });
  }, 180_000);

  it("answers 503 UNAVAILABLE for what needs PostgreSQL while it is down", async () => {
    const deployBody = ActivityRequestMother.reference();
    await pg.stop("immediate");
    try {
      const databaseAway = { status: 503, code: "UNAVAILABLE", message: expect.stringMatching(/database/) };
      expect(await eventually(async () => (await statusOf("GET", "/api/v1/operator/summary")).status === 503, 30_000)).toBe(true);
      expect(await statusOf("GET", "/api/v1/operator/summary")).toEqual(databaseAway);
      expect(await statusOf("GET", "/api/v1/operator/stuck")).toEqual(databaseAway);
      expect(await statusOf("POST", "/api/v1/operator/stuck/resend")).toEqual(databaseAway);
      // The deploy is one raw statement now: its driver error still reads as the database away.
      expect(await statusOf("POST", "/api/v1/activities", deployBody)).toEqual(databaseAway);
    } finally {
      await pg.resume();
    }
    expect(await eventually(async () => (await statusOf("GET", "/api/v1/operator/summary")).status === 200, 60_000)).toBe(true);
    // Nothing of the refused deploy was written: the same body deploys now, once.
    expect((await statusOf("POST", "/api/v1/activities", deployBody)).status).toBe(201);
    expect((await statusOf("POST", "/api/v1/activities", deployBody)).code).toBe("ACTIVITY_ALREADY_EXISTS");
  }, 180_000);
});
