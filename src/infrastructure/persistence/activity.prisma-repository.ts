import { Activity } from "../../domain/activity/activity.entity";
import { ActivityState } from "../../domain/activity/activity-state";
import type { ActivityPage, ActivityRepository, DeployOutcome, TimedMoves } from "../../domain/activity/activity.repository";
import type { EmptyPoolPolicy } from "../../domain/award/empty-pool-policy";
import { Strategy } from "../../domain/strategy/strategy.entity";
import type { Activity as ActivityRow, StrategyDetail as StrategyDetailRow, Award as AwardRow, Strategy as StrategyRow } from "./generated/client";
import type { PrismaClient } from "./prisma-client.factory";
import { TRANSACTION_OPTIONS } from "./transaction-options";
import { uniqueViolationConstraint } from "./unique-violation";

export class PrismaActivityRepository implements ActivityRepository {
  constructor(private readonly prisma: PrismaClient) {}

  async deploy(activity: Activity, strategy: Strategy): Promise<DeployOutcome> {
    const a = activity.toProps();
    try {
      await this.prisma.$transaction(async (tx) => {
        await tx.strategy.create({
          data: { strategyId: BigInt(strategy.strategyId), strategyMode: strategy.mode, grantType: strategy.grantType },
        });
        await tx.award.createMany({
          data: strategy.awards.map((award) => ({
            strategyId: BigInt(strategy.strategyId),
            awardId: award.awardId,
            awardType: award.type,
            awardName: award.name,
            awardContent: award.content,
            whenPoolEmpty: award.whenPoolEmpty ?? null,
          })),
        });
        await tx.strategyDetail.createMany({
          data: strategy.awards.map((award) => ({
            strategyId: BigInt(strategy.strategyId),
            awardId: award.awardId,
            awardCount: award.count,
            awardSurplusCount: award.surplus,
            awardRate: award.rate.toString(),
          })),
        });
        await tx.activity.create({
          data: {
            activityId: BigInt(a.activityId),
            activityName: a.name,
            activityDesc: a.description,
            beginAt: a.beginAt,
            endAt: a.endAt,
            stockCount: a.stockCount,
            stockSurplusCount: a.stockSurplusCount,
            takeCount: a.takeCount,
            strategyId: BigInt(a.strategyId),
            state: a.state,
            creator: a.creator,
          },
        });
      }, TRANSACTION_OPTIONS);
      return "DEPLOYED";
    } catch (error) {
      const constraint = uniqueViolationConstraint(error);
      if (constraint === "activity_pkey") return "ACTIVITY_EXISTS";
      if (constraint === "strategy_pkey" || constraint === "activity_strategy_id_key") return "STRATEGY_EXISTS";
      throw error;
    }
  }

  async findActivity(activityId: number): Promise<Activity | null> {
    const row = await this.prisma.activity.findUnique({ where: { activityId: BigInt(activityId) } });
    return row ? toActivity(row) : null;
  }

  async findStrategy(strategyId: number): Promise<Strategy | null> {
    const row = await this.prisma.strategy.findUnique({
      where: { strategyId: BigInt(strategyId) },
      include: { details: { orderBy: { id: "asc" } }, awards: true },
    });
    return row ? toStrategy(row) : null;
  }

  async list(query: { page: number; size: number; state?: ActivityState }): Promise<ActivityPage> {
    const where = query.state === undefined ? {} : { state: query.state };
    const [rows, total] = await Promise.all([
      this.prisma.activity.findMany({ where, orderBy: { activityId: "asc" }, skip: (query.page - 1) * query.size, take: query.size }),
      this.prisma.activity.count({ where }),
    ]);
    return { items: rows.map(toActivity), total };
  }

  async compareAndSetState(activityId: number, from: ActivityState, to: ActivityState): Promise<boolean> {
    const { count } = await this.prisma.activity.updateMany({ where: { activityId: BigInt(activityId), state: from }, data: { state: to } });
    return count === 1;
  }

  // One set-based statement per move: each is atomic and its WHERE on state is the compare-and-set,
  // so two workers running at once split the due activities between them instead of both moving them.
  async advanceByTime(now: Date): Promise<TimedMoves> {
    const started = await this.prisma.$queryRaw<{ activity_id: bigint }[]>`
      UPDATE activity SET state = ${ActivityState.DOING}, updated_at = now()
      WHERE state = ${ActivityState.PASS} AND begin_at <= ${now} AND end_at > ${now}
      RETURNING activity_id`;
    const closed = await this.prisma.$queryRaw<{ activity_id: bigint }[]>`
      UPDATE activity SET state = ${ActivityState.CLOSE}, updated_at = now()
      WHERE state = ${ActivityState.DOING} AND end_at < ${now}
      RETURNING activity_id`;
    return { started: started.map(toActivityId), closed: closed.map(toActivityId) };
  }
}

function toActivityId(row: { activity_id: bigint }): number {
  return Number(row.activity_id);
}

function toActivity(row: ActivityRow): Activity {
  return Activity.restore({
    activityId: Number(row.activityId),
    name: row.activityName,
    description: row.activityDesc,
    beginAt: row.beginAt,
    endAt: row.endAt,
    stockCount: row.stockCount,
    stockSurplusCount: row.stockSurplusCount,
    takeCount: row.takeCount,
    strategyId: Number(row.strategyId),
    state: row.state as ActivityState,
    creator: row.creator,
  });
}

function toStrategy(row: StrategyRow & { details: StrategyDetailRow[]; awards: AwardRow[] }): Strategy {
  const awards = new Map(row.awards.map((award) => [award.awardId, award]));
  const created = Strategy.create({
    strategyId: Number(row.strategyId),
    mode: row.strategyMode,
    grantType: row.grantType,
    awards: row.details.map((detail) => {
      const award = awards.get(detail.awardId);
      if (!award) throw new Error(`strategy ${row.strategyId} line ${detail.awardId} names no award`);
      return {
        awardId: detail.awardId,
        type: award.awardType,
        name: award.awardName,
        content: award.awardContent,
        count: detail.awardCount,
        surplus: detail.awardSurplusCount,
        rate: detail.awardRate.toFixed(),
        // The CHECK constraint admits only the policies' names.
        ...(award.whenPoolEmpty === null ? {} : { whenPoolEmpty: award.whenPoolEmpty as EmptyPoolPolicy }),
      };
    }),
  });
  // A stored strategy passed these rules when it was deployed; failing now means the rows were edited by hand.
  if (!created.ok) throw new Error(`stored strategy ${row.strategyId} is invalid: ${created.error.message}`);
  return created.value;
}
