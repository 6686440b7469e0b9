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
import { ActivityMother } from "../../../support/activity.mother";
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
    let id = BigInt(uniqueId()) * 1000n;
    for (let unit = 0; unit < 7; unit++) {
      const outcome = await ledger.record({
        takeId: ++id,
        orderId: ++id,
        uId: `slots-${unit}`,
        activityId,
        activityName: "slots",
        strategyId,
        strategyMode: StrategyMode.SINGLE,
        grantType: GrantType.IMMEDIATE,
        takeLimit: 1,
        stockUnit: unit,
        candidates: ["a"],
        shippingAddress: null,
        idempotency: null,
      });
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
});
