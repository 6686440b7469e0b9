import { randomUUID } from "node:crypto";
import Redis from "ioredis";
import type { Client } from "pg";
import { startApp, type RunningApp } from "../../../support/app-harness";
import { connectDb } from "../../../support/db";
import { httpClient } from "../../../support/http-client";
import { ownTopics } from "../../../support/own-topics";
import { OPERATOR_TOKEN } from "../../../support/operator";

// What the POST /api/v1/draws specs share: a user of their own per draw, the app they draw on,
// and what a draw leaves in the database.

export const user = () => `user-${randomUUID().slice(0, 8)}`;

export interface DrawApp {
  app: RunningApp;
  api: ReturnType<typeof httpClient>;
  db: Client;
  redis: Redis;
}

export async function startDrawApp(): Promise<DrawApp> {
  // An invoice topic of its own: a test reads its invoice back from it.
  const app = await startApp({ ADMIN_TOKEN: OPERATOR_TOKEN, DATABASE_POOL_SIZE: "20", STOCK_RECONCILE_INTERVAL_MS: "200", ...ownTopics("draw").env });
  const api = httpClient(app.baseUrl);
  const db = await connectDb();
  const redis = new Redis(process.env.REDIS_URL as string, { keyPrefix: process.env.REDIS_KEY_PREFIX });
  return { app, api, db, redis };
}

export async function stopDrawApp({ app, db, redis }: Pick<DrawApp, "app" | "db" | "redis">): Promise<void> {
  await app.stop();
  await db.end();
  redis.disconnect();
}

/** An activity's stored stock and takes, read through `db()` (the app's client, once started). */
export function drawReads(db: () => Client) {
  return {
    async surplusOf(activityId: number): Promise<number> {
      return (await db().query("SELECT stock_surplus_count FROM activity WHERE activity_id = $1", [activityId])).rows[0].stock_surplus_count;
    },
    async takesOf(activityId: number): Promise<number> {
      return Number((await db().query("SELECT count(*) FROM user_take_activity WHERE activity_id = $1", [activityId])).rows[0].count);
    },
    /** An award line's live surplus: the sum of its stock slots. */
    async liveAwardSurplus(strategyId: number, awardId: string): Promise<number> {
      const { rows } = await db().query("SELECT sum(surplus)::int AS surplus FROM strategy_award_stock WHERE strategy_id = $1 AND award_id = $2", [strategyId, awardId]);
      return rows[0].surplus;
    },
  };
}
