import { Client, type Pool } from "pg";
import type { DrawEntry } from "../../../../src/application/ports/draw-ledger.port";
import { Activity } from "../../../../src/domain/activity/activity.entity";
import { ActivityState } from "../../../../src/domain/activity/activity-state";
import { AwardType } from "../../../../src/domain/award/award-type";
import { GrantType, Strategy } from "../../../../src/domain/strategy/strategy.entity";
import { StrategyMode } from "../../../../src/domain/strategy/strategy-mode";
import { PrismaActivityRepository } from "../../../../src/infrastructure/persistence/activity.prisma-repository";
import { AWARD_STOCK_SLOTS } from "../../../../src/infrastructure/persistence/award-stock-slots";
import { PgDrawLedger } from "../../../../src/infrastructure/persistence/draw-ledger.pg-repository";
import { createPrismaClient, type PrismaClient } from "../../../../src/infrastructure/persistence/prisma-client.factory";
import { PgStockRecords } from "../../../../src/infrastructure/persistence/stock-records.pg-repository";
import { pgPoolConfigFromUrl } from "../../../../src/infrastructure/persistence/pg-pool-config";
import { ActivityMother } from "../../../support/activity.mother";
import { eventually } from "../../../support/app-harness";
import { useContractDatabase } from "../../../support/contract-database";
import { uniqueId } from "../../../support/unique-id";

// An award line's live stock is spread over stock slots (strategy_award_stock); these are the
// adapter's own rules, which the port contracts cannot see.
const db = useContractDatabase([]);
let prisma: PrismaClient | undefined;
afterAll(() => prisma?.$disconnect());

const award = (awardId: string, count: number, surplus = count) => ({ awardId, type: AwardType.DESC, name: awardId, content: "", count, surplus, rate: "0.25" });

async function deploy(awards: ReturnType<typeof award>[]): Promise<{ activityId: number; strategyId: number; activities: PrismaActivityRepository }> {
  prisma ??= createPrismaClient(db.url(), 2);
  const activities = new PrismaActivityRepository(prisma);
  const [activityId, strategyId] = [uniqueId(), uniqueId()];
  const now = Date.now();
  const activity = Activity.create(ActivityMother.props({ activityId, strategyId, stockCount: 1000, beginAt: new Date(now - 3600_000), endAt: new Date(now + 3600_000) }));
  const strategy = Strategy.create({ strategyId, mode: StrategyMode.SINGLE, grantType: GrantType.IMMEDIATE, awards });
  if (!activity.ok || !strategy.ok) throw new Error("invalid test activity");
  expect(await activities.deploy(activity.value, strategy.value)).toBe("DEPLOYED");
  await activities.compareAndSetState(activityId, ActivityState.EDIT, ActivityState.DOING);
  return { activityId, strategyId, activities };
}

async function slotsOf(strategyId: number): Promise<Record<string, number[]>> {
  const { rows } = await db.pool().query<{ award_id: string; surplus: number }>(
    "SELECT award_id, surplus FROM strategy_award_stock WHERE strategy_id = $1 ORDER BY award_id, slot",
    [strategyId],
  );
  const slots: Record<string, number[]> = {};
  for (const row of rows) (slots[row.award_id] ??= []).push(row.surplus);
  return slots;
}

let ids = BigInt(uniqueId()) * 1000n;

/** A SINGLE draw of award `awardId` on stock unit `unit`, by a user of its own. */
function drawOf(activityId: number, strategyId: number, awardId: string, unit: number): DrawEntry {
  return {
    takeId: ++ids,
    orderId: ++ids,
    uId: `slots-${ids}`,
    activityId,
    activityName: "slots",
    strategyId,
    strategyMode: StrategyMode.SINGLE,
    grantType: GrantType.IMMEDIATE,
    takeLimit: 1,
    stockUnit: unit,
    candidates: [awardId],
    shippingAddress: null,
    idempotency: null,
  };
}

/** A connection of the test's own, outside the pool, to hold slot locks in an open transaction. */
async function lockHolder(): Promise<Client> {
  const client = new Client(pgPoolConfigFromUrl(db.url()));
  await client.connect();
  await client.query("BEGIN");
  return client;
}

/** How many of the database's sessions wait for a lock (a draw queued behind a slot). */
async function lockWaiters(): Promise<number> {
  const { rows } = await db.pool().query<{ n: number }>(
    "SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'",
  );
  return rows[0].n;
}

/** The pool, with every SQLSTATE its statements failed with written down. */
function watchedPool(pool: Pool): { pool: Pool; failures: string[] } {
  const failures: string[] = [];
  const watched = Object.create(pool) as Pool;
  watched.connect = (async () => {
    const client = await pool.connect();
    const query = client.query.bind(client) as (...args: unknown[]) => Promise<unknown>;
    return Object.assign(Object.create(client), {
      query: (...args: unknown[]) => query(...args).catch((error: { code?: string }) => {
        failures.push(error.code ?? "?");
        throw error;
      }),
      release: (error?: Error) => client.release(error),
    });
  }) as Pool["connect"];
  return { pool: watched, failures };
}

describe("award stock slots", () => {
  it("spreads each line's surplus evenly over one slot per unit, at most 16 and at least one", async () => {
    const { strategyId } = await deploy([award("none", 0), award("few", 3), award("many", 40), award("partly", 40, 7)]);
    expect(await slotsOf(strategyId)).toEqual({
      none: [0],
      few: [1, 1, 1],
      many: [3, 3, 3, 3, 3, 3, 3, 3, 2, 2, 2, 2, 2, 2, 2, 2],
      partly: [1, 1, 1, 1, 1, 1, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0],
    });
  });

  it("has the table's CHECK hold the same slot bound as AWARD_STOCK_SLOTS (the bound is written twice)", async () => {
    const { rows } = await db.pool().query<{ definition: string }>(
      "SELECT pg_get_constraintdef(oid) AS definition FROM pg_constraint WHERE conname = 'strategy_award_stock_slot_check'",
    );
    expect(rows.map((r) => r.definition)).toEqual([`CHECK (((slot >= 0) AND (slot < ${AWARD_STOCK_SLOTS})))`]);
  });

  it("reads a line's surplus as the sum of its slots after wins, and stores it on the line when asked", async () => {
    const { activityId, strategyId, activities } = await deploy([award("a", 20), award("b", 5)]);
    const ledger = new PgDrawLedger(db.pool());
    for (let unit = 0; unit < 7; unit++) {
      const outcome = await ledger.record(drawOf(activityId, strategyId, "a", unit));
      expect(outcome).toMatchObject({ kind: "RECORDED", won: { awardId: "a" } });
    }
    // 20 units on 16 slots: [2, 2, 2, 2, 1, ...]. Units 0 to 6 start on slots 0 to 6, one each.
    expect((await slotsOf(strategyId)).a).toEqual([1, 1, 1, 1, 0, 0, 0, 1, 1, 1, 1, 1, 1, 1, 1, 1]);
    const strategy = await activities.findStrategy(strategyId);
    expect(strategy?.awards.map((line) => [line.awardId, line.surplus])).toEqual([["a", 13], ["b", 5]]);

    const stored = () => db.pool().query("SELECT award_id, award_surplus_count FROM strategy_detail WHERE strategy_id = $1 ORDER BY award_id", [strategyId]);
    expect((await stored()).rows.map((row) => row.award_surplus_count)).toEqual([20, 5]);
    await new PgStockRecords(db.pool()).storeSurplus(activityId, 993);
    expect((await stored()).rows.map((row) => row.award_surplus_count)).toEqual([13, 5]);
    const { rows } = await db.pool().query("SELECT stock_surplus_count FROM activity WHERE activity_id = $1", [activityId]);
    expect(rows[0].stock_surplus_count).toBe(993);
  });

  it("runs a draw again while a slot it passed over is held with stock in it, and wins that stock once it is free", async () => {
    // One unit, so one slot (0); the draw's unit (5) has no slot of its own and passes over 0.
    const { activityId, strategyId } = await deploy([award("one", 1)]);
    const holder = await lockHolder();
    await holder.query("SELECT surplus FROM strategy_award_stock WHERE strategy_id = $1 FOR UPDATE", [strategyId]);
    const { pool, failures } = watchedPool(db.pool());
    const drawing = new PgDrawLedger(pool).record(drawOf(activityId, strategyId, "one", 5));
    expect(await eventually(async () => failures.length >= 2, 5000, 5)).toBe(true);
    await holder.query("ROLLBACK");
    await holder.end();
    expect(await drawing).toMatchObject({ kind: "RECORDED", won: { awardId: "one" } });
    expect(new Set(failures)).toEqual(new Set(["40001"]));
    expect((await slotsOf(strategyId)).one).toEqual([0]);
  });

  it("loses without a wait once the slot it passed over turns out empty", async () => {
    const { activityId, strategyId } = await deploy([award("one", 1)]);
    const holder = await lockHolder();
    await holder.query("UPDATE strategy_award_stock SET surplus = surplus - 1 WHERE strategy_id = $1", [strategyId]);
    const drawing = new PgDrawLedger(db.pool()).record(drawOf(activityId, strategyId, "one", 5));
    await holder.query("COMMIT");
    await holder.end();
    expect(await drawing).toMatchObject({ kind: "RECORDED", won: null });
    expect((await slotsOf(strategyId)).one).toEqual([0]);
  });

  it("never deadlocks two draws whose own slots run dry while each needs the other's", async () => {
    // 32 units on 16 slots; all but slots 3 and 4 emptied, which hold one unit each.
    const { activityId, strategyId } = await deploy([award("pair", 32)]);
    await db.pool().query("UPDATE strategy_award_stock SET surplus = CASE WHEN slot IN (3, 4) THEN 1 ELSE 0 END WHERE strategy_id = $1", [strategyId]);
    // Two other transactions take those units and hold them uncommitted; a draw on unit 3 and
    // one on unit 4 queue behind them on their own slots, each having read the other's as full.
    const [first, second] = [await lockHolder(), await lockHolder()];
    await first.query("UPDATE strategy_award_stock SET surplus = 0 WHERE strategy_id = $1 AND slot = 3", [strategyId]);
    await second.query("UPDATE strategy_award_stock SET surplus = 0 WHERE strategy_id = $1 AND slot = 4", [strategyId]);
    const { pool, failures } = watchedPool(db.pool());
    const ledger = new PgDrawLedger(pool);
    const draws = [ledger.record(drawOf(activityId, strategyId, "pair", 3)), ledger.record(drawOf(activityId, strategyId, "pair", 4))];
    expect(await eventually(async () => (await lockWaiters()) === 2, 5000)).toBe(true);
    // Once both commit, each draw finds its own slot empty and the other's held by the other
    // draw: waiting for it would close a cycle (PostgreSQL's 40P01 after deadlock_timeout).
    await Promise.all([first.query("COMMIT"), second.query("COMMIT")]);
    await Promise.all([first.end(), second.end()]);
    expect(await Promise.all(draws)).toMatchObject([{ kind: "RECORDED", won: null }, { kind: "RECORDED", won: null }]);
    expect(failures.filter((code) => code !== "40001")).toEqual([]);
    expect((await slotsOf(strategyId)).pair.every((surplus) => surplus === 0)).toBe(true);
  });
});
