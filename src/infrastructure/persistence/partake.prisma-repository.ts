import type { PartakeRepository, TakeOutcome } from "../../domain/activity/partake.repository";
import type { Take } from "../../domain/activity/take.entity";
import type { PrismaClient } from "./prisma-client.factory";
import { TRANSACTION_OPTIONS } from "./transaction-options";

/** Rolls a partake transaction back without an error of its own. */
class Refused extends Error {
  constructor(readonly outcome: Exclude<TakeOutcome["kind"], "TAKEN">) {
    super(outcome);
  }
}

export class PrismaPartakeRepository implements PartakeRepository {
  constructor(private readonly prisma: PrismaClient) {}

  async findUnusedTake(uId: string, activityId: number, takenBefore: Date): Promise<Take | null> {
    const row = await this.prisma.userTakeActivity.findFirst({
      where: { uId, activityId: BigInt(activityId), state: 0, takeDate: { lt: takenBefore } },
      orderBy: { takeDate: "asc" },
    });
    return row ? { takeId: row.takeId, uId: row.uId, activityId: Number(row.activityId), ordinal: row.takeCount, takenAt: row.takeDate } : null;
  }

  async recordTake(
    input: { takeId: bigint; uId: string; activityId: number; activityName: string; strategyId: number; takeCount: number },
    takeLiveStock: (remainingInDatabase: () => Promise<number>) => Promise<boolean>,
  ): Promise<TakeOutcome> {
    const activityId = BigInt(input.activityId);
    try {
      const take = await this.prisma.$transaction(async (tx) => {
        // The upsert's row lock serialises one user's concurrent draws: the limit cannot be overrun.
        const counted = await tx.$queryRaw<Array<{ total_count: number; left_count: number }>>`
          INSERT INTO user_take_activity_count (u_id, activity_id, total_count, left_count, updated_at)
          VALUES (${input.uId}, ${activityId}, ${input.takeCount}, ${input.takeCount - 1}, now())
          ON CONFLICT (u_id, activity_id) DO UPDATE
            SET left_count = user_take_activity_count.left_count - 1, updated_at = now()
            WHERE user_take_activity_count.left_count > 0
          RETURNING total_count, left_count`;
        if (counted.length === 0 || counted[0].left_count < 0) throw new Refused("TAKE_LIMIT_REACHED");
        // Rebuild source for a missing live counter: the deployed stock less the committed takes,
        // exact even if a stored-surplus update below was lost in a crash.
        const remaining = async () => {
          const [left] = await tx.$queryRaw<Array<{ remaining: number }>>`
            SELECT a.stock_count - (SELECT count(*) FROM user_take_activity t WHERE t.activity_id = a.activity_id)::int AS remaining
            FROM activity a WHERE a.activity_id = ${activityId}`;
          return Math.max(0, left?.remaining ?? 0);
        };
        if (!(await takeLiveStock(remaining))) throw new Refused("OUT_OF_STOCK");
        const ordinal = counted[0].total_count - counted[0].left_count;
        const row = await tx.userTakeActivity.create({
          data: {
            takeId: input.takeId,
            uId: input.uId,
            activityId,
            activityName: input.activityName,
            takeCount: ordinal,
            strategyId: BigInt(input.strategyId),
            state: 0,
            uuid: `${input.uId}_${input.activityId}_${ordinal}`,
          },
        });
        return { takeId: row.takeId, uId: row.uId, activityId: input.activityId, ordinal, takenAt: row.takeDate };
      }, TRANSACTION_OPTIONS);
      // The stored surplus follows the live counter in its own statement, after the commit: a
      // campaign's activity row is its hottest row, and must not stay locked for a transaction.
      await this.prisma.$executeRaw`
        UPDATE activity SET stock_surplus_count = stock_surplus_count - 1, updated_at = now()
        WHERE activity_id = ${activityId} AND stock_surplus_count > 0`;
      return { kind: "TAKEN", take };
    } catch (error) {
      if (error instanceof Refused) return { kind: error.outcome };
      throw error;
    }
  }
}
