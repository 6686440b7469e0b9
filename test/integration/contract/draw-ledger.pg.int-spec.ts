import { Activity } from "../../../src/domain/activity/activity.entity";
import { ActivityState } from "../../../src/domain/activity/activity-state";
import { Strategy } from "../../../src/domain/strategy/strategy.entity";
import { PrismaActivityRepository } from "../../../src/infrastructure/persistence/activity.prisma-repository";
import { PgDrawLedger } from "../../../src/infrastructure/persistence/draw-ledger.pg-repository";
import { createPrismaClient, type PrismaClient } from "../../../src/infrastructure/persistence/prisma-client.factory";
import { PgStockRecords } from "../../../src/infrastructure/persistence/stock-records.pg-repository";
import { describeDrawLedgerContract } from "../../contract/draw-ledger.contract";
import { ActivityMother } from "../../support/activity.mother";
import { useContractDatabase } from "../../support/contract-database";
import { uniqueId } from "../../support/unique-id";

// Every test draws on an activity of its own, so the tables need no emptying.
const db = useContractDatabase([]);
let prisma: PrismaClient | undefined;
afterAll(() => prisma?.$disconnect());

describeDrawLedgerContract("PgDrawLedger with PgStockRecords", async (stockCount, props) => {
  prisma ??= createPrismaClient(db.url(), 2);
  const activities = new PrismaActivityRepository(prisma);
  const [activityId, strategyId] = [uniqueId(), uniqueId()];
  const now = Date.now();
  const activity = Activity.create(ActivityMother.props({ activityId, strategyId, stockCount, beginAt: new Date(now - 3600_000), endAt: new Date(now + 3600_000) }));
  const strategy = Strategy.create({ ...props, strategyId });
  if (!activity.ok || !strategy.ok) throw new Error("invalid contract activity");
  await activities.deploy(activity.value, strategy.value);
  await activities.compareAndSetState(activityId, ActivityState.EDIT, ActivityState.DOING);
  return {
    ledger: new PgDrawLedger(db.pool()),
    records: new PgStockRecords(db.pool()),
    activityId,
    strategyId,
    close: async () => void (await activities.compareAndSetState(activityId, ActivityState.DOING, ActivityState.CLOSE)),
  };
});
