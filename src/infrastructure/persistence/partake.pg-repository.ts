import type { Pool, PoolClient } from "pg";
import type { PartakeRepository, TakeOutcome } from "../../domain/activity/partake.repository";
import type { Take } from "../../domain/activity/take.entity";

export class PgPartakeRepository implements PartakeRepository {
  constructor(private readonly pool: Pool) {}

  async findUnusedTake(uId: string, activityId: number, takenBefore: Date): Promise<Take | null> {
    const { rows } = await this.pool.query<{ take_id: string; take_count: number; take_date: Date }>({
      name: "find-unused-take",
      text: `SELECT take_id, take_count, take_date FROM user_take_activity
             WHERE u_id = $1 AND activity_id = $2 AND state = 0 AND take_date < $3 ORDER BY take_date LIMIT 1`,
      values: [uId, activityId, takenBefore],
    });
    const row = rows[0];
    return row ? { takeId: BigInt(row.take_id), uId, activityId, ordinal: row.take_count, takenAt: row.take_date } : null;
  }

  async recordTake(
    input: { takeId: bigint; uId: string; activityId: number; activityName: string; strategyId: number; takeCount: number },
    takeLiveStock: (remainingInDatabase: () => Promise<number>) => Promise<boolean>,
  ): Promise<TakeOutcome> {
    const client = await this.pool.connect();
    let outcome: TakeOutcome;
    try {
      await client.query("BEGIN");
      outcome = await this.takeWithin(client, input, takeLiveStock);
      await client.query(outcome.kind === "TAKEN" ? "COMMIT" : "ROLLBACK");
    } catch (error) {
      await client.query("ROLLBACK").catch(() => undefined);
      client.release();
      throw error;
    }
    client.release();
    if (outcome.kind === "TAKEN") {
      // The stored surplus follows the live counter in its own statement, after the commit: a
      // campaign's activity row is its hottest row, and must not stay locked for a transaction.
      await this.pool.query({
        name: "follow-activity-surplus",
        text: `UPDATE activity SET stock_surplus_count = stock_surplus_count - 1, updated_at = now()
               WHERE activity_id = $1 AND stock_surplus_count > 0`,
        values: [input.activityId],
      });
    }
    return outcome;
  }

  private async takeWithin(
    client: PoolClient,
    input: { takeId: bigint; uId: string; activityId: number; activityName: string; strategyId: number; takeCount: number },
    takeLiveStock: (remainingInDatabase: () => Promise<number>) => Promise<boolean>,
  ): Promise<TakeOutcome> {
    // The upsert's row lock serialises one user's concurrent draws: the limit cannot be overrun.
    const counted = await client.query<{ total_count: number; left_count: number }>({
      name: "count-take",
      text: `INSERT INTO user_take_activity_count (u_id, activity_id, total_count, left_count, updated_at)
             VALUES ($1, $2, $3, $3 - 1, now())
             ON CONFLICT (u_id, activity_id) DO UPDATE
               SET left_count = user_take_activity_count.left_count - 1, updated_at = now()
               WHERE user_take_activity_count.left_count > 0
             RETURNING total_count, left_count`,
      values: [input.uId, input.activityId, input.takeCount],
    });
    const counter = counted.rows[0];
    if (!counter || counter.left_count < 0) return { kind: "TAKE_LIMIT_REACHED" };

    // Rebuild source for a missing live counter: the deployed stock less the committed takes,
    // exact even if a stored-surplus update was lost in a crash. Read on this transaction's
    // connection: a burst holding every pooled connection must not wait for a second one.
    const remaining = async () => {
      const { rows } = await client.query<{ remaining: number }>(
        `SELECT a.stock_count - (SELECT count(*) FROM user_take_activity t WHERE t.activity_id = a.activity_id)::int AS remaining
         FROM activity a WHERE a.activity_id = $1`,
        [input.activityId],
      );
      return Math.max(0, rows[0]?.remaining ?? 0);
    };
    if (!(await takeLiveStock(remaining))) return { kind: "OUT_OF_STOCK" };

    const ordinal = counter.total_count - counter.left_count;
    const { rows } = await client.query<{ take_date: Date }>({
      name: "insert-take",
      text: `INSERT INTO user_take_activity (take_id, u_id, activity_id, activity_name, take_count, strategy_id, state, uuid, updated_at)
             VALUES ($1, $2, $3, $4, $5, $6, 0, $7, now()) RETURNING take_date`,
      values: [input.takeId.toString(), input.uId, input.activityId, input.activityName, ordinal, input.strategyId, `${input.uId}_${input.activityId}_${ordinal}`],
    });
    return { kind: "TAKEN", take: { takeId: input.takeId, uId: input.uId, activityId: input.activityId, ordinal, takenAt: rows[0].take_date } };
  }
}
