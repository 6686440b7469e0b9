import { Activity } from "../../domain/activity/activity.entity";
import { ActivityState } from "../../domain/activity/activity-state";
import type { ActivityPage, ActivityRepository, DeployOutcome, TimedMoves } from "../../domain/activity/activity.repository";
import type { EmptyPoolPolicy } from "../../domain/award/empty-pool-policy";
import { Strategy } from "../../domain/strategy/strategy.entity";
import type { Activity as ActivityRow, StrategyDetail as StrategyDetailRow, Award as AwardRow, Strategy as StrategyRow } from "./generated/client";
import type { PrismaClient } from "./prisma-client.factory";
import { AWARD_STOCK_SLOTS } from "./award-stock-slots";
import { uniqueViolationConstraint } from "./unique-violation";

/** An activity with its strategy, awards, their counts and their stock slots, in one statement. */
const DEPLOY = `
  WITH new_strategy AS (
    INSERT INTO strategy (strategy_id, strategy_mode, grant_type) VALUES ($1::bigint, $2::smallint, $3::smallint)
  ), new_awards AS (
    INSERT INTO award (strategy_id, award_id, award_type, award_name, award_content, when_pool_empty)
    SELECT $1::bigint, id, type, name, content, policy
    FROM unnest($4::varchar[], $5::smallint[], $6::varchar[], $7::varchar[], $8::varchar[]) AS x(id, type, name, content, policy)
  ), new_details AS (
    INSERT INTO strategy_detail (strategy_id, award_id, award_count, award_surplus_count, award_rate)
    SELECT $1::bigint, id, count, surplus, rate
    FROM unnest($4::varchar[], $9::int[], $10::int[], $11::numeric[]) AS x(id, count, surplus, rate)
  ), new_slots AS (
    INSERT INTO strategy_award_stock (strategy_id, award_id, slot, surplus)
    SELECT $1::bigint, x.id, s.slot, x.surplus / n.slots + (CASE WHEN s.slot < x.surplus % n.slots THEN 1 ELSE 0 END)
    FROM unnest($4::varchar[], $9::int[], $10::int[]) AS x(id, count, surplus)
    CROSS JOIN LATERAL (SELECT LEAST(${AWARD_STOCK_SLOTS}, GREATEST(x.count, 1)) AS slots) n
    CROSS JOIN LATERAL generate_series(0, n.slots - 1) AS s(slot)
  )
  INSERT INTO activity (activity_id, activity_name, activity_desc, begin_at, end_at, stock_count, stock_surplus_count,
                        take_count, strategy_id, state, creator)
  VALUES ($12::bigint, $13, $14, $15::timestamptz, $16::timestamptz, $17::int, $18::int, $19::int, $1::bigint, $20::smallint, $21)`;

export class PrismaActivityRepository implements ActivityRepository {
  constructor(private readonly prisma: PrismaClient) {}

  async deploy(activity: Activity, strategy: Strategy): Promise<DeployOutcome> {
    const a = activity.toProps();
    const awards = strategy.awards;
    try {
      // One statement, so all or nothing without a transaction (the application's transactions
      // go through the unit of work; this write needs none).
      await this.prisma.$executeRawUnsafe(
        DEPLOY,
        String(strategy.strategyId),
        strategy.mode,
        strategy.grantType,
        awards.map((award) => award.awardId),
        awards.map((award) => award.type),
        awards.map((award) => award.name),
        awards.map((award) => award.content),
        awards.map((award) => award.whenPoolEmpty ?? null),
        awards.map((award) => award.count),
        awards.map((award) => award.surplus),
        awards.map((award) => award.rate.toString()),
        String(a.activityId),
        a.name,
        a.description,
        a.beginAt,
        a.endAt,
        a.stockCount,
        a.stockSurplusCount,
        a.takeCount,
        a.state,
        a.creator,
      );
      return "DEPLOYED";
    } catch (error) {
      const constraint = uniqueViolationConstraint(error);
      if (constraint === undefined) throw error;
      // Which key a clash names first is not defined across the parts of one statement: the
      // activity is looked up, so a re-sent deploy is always answered ACTIVITY_EXISTS.
      if (constraint === "activity_pkey" || (await this.findActivity(a.activityId))) return "ACTIVITY_EXISTS";
      return "STRATEGY_EXISTS";
    }
  }

  async findActivity(activityId: number): Promise<Activity | null> {
    const row = await this.prisma.activity.findUnique({ where: { activityId: BigInt(activityId) } });
    return row ? toActivity(row) : null;
  }

  async findStrategy(strategyId: number): Promise<Strategy | null> {
    const row = await this.prisma.strategy.findUnique({
      where: { strategyId: BigInt(strategyId) },
      // The live surplus is the sum of the line's slots (award_surplus_count is a stored copy).
      include: { details: { orderBy: { id: "asc" }, include: { slots: { select: { surplus: true } } } }, awards: true },
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

type StoredLine = StrategyDetailRow & { slots: { surplus: number }[] };

function toStrategy(row: StrategyRow & { details: StoredLine[]; awards: AwardRow[] }): Strategy {
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
        surplus: detail.slots.reduce((sum, slot) => sum + slot.surplus, 0),
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
