import { randomUUID } from "node:crypto";
import { Client } from "pg";
import { pgPoolConfigFromUrl } from "../../../src/infrastructure/persistence/pg-pool-config";
import { eventually, startApp } from "../../support/app-harness";
import { httpClient } from "../../support/http-client";
import { OPERATOR_TOKEN } from "../../support/operator";
import { migrate, withDatabase } from "../../support/services";

// The demo needs an empty database, so this test gets its own.
describe("the demo activity of npm start", () => {
  const name = `lottery_demo_${randomUUID().slice(0, 8)}`;
  const url = withDatabase(process.env.DATABASE_URL as string, name);
  const admin = new Client(pgPoolConfigFromUrl(withDatabase(process.env.DATABASE_URL as string, "postgres")));
  const env = { DATABASE_URL: url, DEMO_ACTIVITY: "true", ADMIN_TOKEN: OPERATOR_TOKEN, STOCK_RECONCILE_INTERVAL_MS: "200", REDIS_KEY_PREFIX: `${process.env.REDIS_KEY_PREFIX}${name}:` };

  beforeAll(async () => {
    await admin.connect();
    await admin.query(`CREATE DATABASE "${name}"`);
    await migrate(url);
  });
  afterAll(async () => {
    await admin.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
    await admin.end();
  });

  it("deploys activity 100001 in DOING on an empty database, drawable at once, and only once", async () => {
    const first = await startApp(env);
    try {
      const operator = httpClient(first.baseUrl, OPERATOR_TOKEN);
      const activity = await operator.get("/api/v1/activities/100001");
      expect(activity.body).toMatchObject({ activityId: 100001, state: "DOING", stockCount: 100, takeCount: 10 });
      expect(activity.body.strategy.awards.map((a: { name: string; rate: string }) => `${a.name}:${a.rate}`)).toEqual([
        "IMac:0.05",
        "iphone:0.15",
        "ipad:0.2",
        "AirPods:0.25",
        "Book:0.35",
      ]);
      const drawn = await httpClient(first.baseUrl).post("/api/v1/draws", { uId: "xiaofuge", activityId: 100001 });
      expect(drawn.status).toBe(200);
      expect(drawn.body.result).toBe("WIN");
    } finally {
      await first.stop();
    }

    const second = await startApp(env);
    try {
      const list = () => httpClient(second.baseUrl, OPERATOR_TOKEN).get("/api/v1/activities");
      expect((await list()).body.total).toBe(1);
      // The stored surplus follows the live stock within the reconciler's interval.
      expect(await eventually(async () => (await list()).body.items[0].stockSurplusCount === 99, 10000)).toBe(true);
    } finally {
      await second.stop();
    }
  });
});
