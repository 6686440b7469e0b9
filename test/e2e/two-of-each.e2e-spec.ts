import { randomUUID } from "node:crypto";
import { Client } from "pg";
import { snowflakeParts } from "../../src/infrastructure/ids/snowflake.id-generator";
import { pgPoolConfigFromUrl } from "../../src/infrastructure/persistence/pg-pool-config";
import { ActivityRequestMother, award } from "../support/activity-request.mother";
import { eventually } from "../support/app-harness";
import { DrawLoad, tally } from "../support/draw-load";
import { OPERATOR_TOKEN, deployDoing } from "../support/operator";
import { createOwnDatabase } from "../support/own-database";
import { PrivateBroker, ServiceProcess } from "../support/private-services";

/** Two processes of each role against one database, one Redis and one broker, under draw load. */
describe("two api, two consumer and two worker processes together", () => {
  let database: Awaited<ReturnType<typeof createOwnDatabase>>;
  let broker: PrivateBroker;
  const processes: ServiceProcess[] = [];

  beforeAll(async () => {
    [database, broker] = await Promise.all([createOwnDatabase(), PrivateBroker.start()]);
    const env = {
      DATABASE_URL: database.url,
      KAFKA_BROKERS: broker.brokers,
      REDIS_KEY_PREFIX: `${process.env.REDIS_KEY_PREFIX}two-of-each-${randomUUID().slice(0, 6)}:`,
      ADMIN_TOKEN: OPERATOR_TOKEN,
      DATABASE_POOL_SIZE: "6",
      SCANNER_INTERVAL_MS: "1000",
      SCANNER_STALE_AFTER_MS: "5000",
    };
    // Started at the same instant, as an orchestrator does: each must lease its own worker id.
    for (const role of ["api", "api", "consumer", "consumer", "worker", "worker"]) processes.push(new ServiceProcess(role, env));
    await Promise.all(processes.map((p) => p.start()));
  }, 120_000);

  afterAll(async () => {
    await Promise.all(processes.map((p) => p.kill("SIGTERM")));
    await broker?.destroy();
    await database?.drop();
  }, 60_000);

  it("mints no id twice and grants every win exactly once", async () => {
    const [apiA, apiB] = processes;
    const activityId = await deployDoing(apiA.url, {
      ...ActivityRequestMother.withAwards("SINGLE", [award("a", "A", 100_000, "0.2"), award("b", "B", 100_000, "0.2")]),
      stockCount: 100_000,
      takeCount: 1000,
    });
    const loads = [new DrawLoad(() => apiA.url, activityId, { concurrency: 4, users: 200, keyedShare: 0 }), new DrawLoad(() => apiB.url, activityId, { concurrency: 4, users: 200, keyedShare: 0 })];
    loads.forEach((load) => load.start());
    await new Promise((resolve) => setTimeout(resolve, 8000));
    await Promise.all(loads.map((load) => load.stop()));

    const answers = loads.flatMap((load) => load.answers);
    expect(tally(answers.filter((a) => a.status !== 200))).toEqual({});
    const takeIds = answers.map((a) => a.takeId as string);
    expect(new Set(takeIds).size).toBe(takeIds.length);
    const orderIds = answers.filter((a) => a.result === "WIN").map((a) => a.orderId as string);
    expect(orderIds.length).toBeGreaterThan(0);
    expect(new Set(orderIds).size).toBe(orderIds.length);
    const workerIdsOf = (load: DrawLoad) => new Set(load.answers.map((a) => snowflakeParts(BigInt(a.takeId as string)).workerId));
    const [idsA, idsB] = loads.map(workerIdsOf);
    expect(idsA.size).toBe(1);
    expect(idsB.size).toBe(1);
    expect([...idsA][0]).not.toBe([...idsB][0]);

    const db = new Client(pgPoolConfigFromUrl(database.url));
    await db.connect();
    try {
      const count = async (sql: string) => (await db.query<{ n: number }>(sql, [activityId])).rows[0].n;
      expect(await count("SELECT count(*)::int AS n FROM user_strategy_export WHERE activity_id = $1")).toBe(orderIds.length);
      const delivered = () => count("SELECT count(*)::int AS n FROM award_delivery d JOIN user_strategy_export o USING (order_id) WHERE o.activity_id = $1");
      expect(await eventually(async () => (await delivered()) === orderIds.length, 60_000, 500)).toBe(true);
      expect(await count("SELECT count(*)::int AS n FROM user_strategy_export WHERE activity_id = $1 AND grant_state <> 1")).toBe(0);
    } finally {
      await db.end();
    }
    expect(processes.every((p) => p.alive)).toBe(true);
  }, 120_000);
});
