import type { Pool } from "pg";
import type { StockLayout, StockRecords } from "../../application/ports/activity-stock.port";
import { runStatement } from "./pg-query";

/** Holes remembered when a live stock is rebuilt; more would only mean a slower rebuild. */
const MAX_HOLES = 100_000;

/** The activity stock as the take rows record it, served by UNIQUE (activity_id, stock_unit). */
export class PgStockRecords implements StockRecords {
  constructor(private readonly pool: Pool) {}

  async layout(activityId: number): Promise<StockLayout> {
    const { rows } = await runStatement<{ stock_count: number; lowest: number | null }>(this.pool, {
      name: "stock-layout",
      text: `SELECT a.stock_count, (SELECT min(t.stock_unit) FROM user_take_activity t WHERE t.activity_id = a.activity_id) AS lowest
             FROM activity a WHERE a.activity_id = $1`,
      values: [activityId],
    });
    const activity = rows[0];
    if (!activity) return { next: 0, holes: [] };
    if (activity.lowest === null) return { next: activity.stock_count, holes: [] };
    // Units above the lowest held one that no take holds: given back before the store was lost.
    const holes = await runStatement<{ unit: number }>(this.pool, {
      name: "stock-holes",
      text: `SELECT generate_series(stock_unit + 1, above - 1) AS unit FROM (
               SELECT stock_unit, lead(stock_unit, 1, $2::int) OVER (ORDER BY stock_unit) AS above
               FROM user_take_activity WHERE activity_id = $1
             ) held WHERE above > stock_unit + 1 LIMIT ${MAX_HOLES}`,
      values: [activityId, activity.stock_count],
    });
    return { next: activity.lowest, holes: holes.rows.map((row) => row.unit) };
  }

  async heldUnits(activityId: number, units: number[]): Promise<number[]> {
    if (units.length === 0) return [];
    const { rows } = await runStatement<{ stock_unit: number }>(this.pool, {
      // Unnamed: planned at each run, for the table as it is then (pg-query.ts).
      text: "SELECT stock_unit FROM user_take_activity WHERE activity_id = $1 AND stock_unit = ANY($2::int[])",
      values: [activityId, units],
    });
    return rows.map((row) => row.stock_unit);
  }

  async heldUnitsBelow(activityId: number, below: number, limit: number): Promise<number[]> {
    const { rows } = await runStatement<{ stock_unit: number }>(this.pool, {
      name: "stock-held-units-below",
      text: "SELECT stock_unit FROM user_take_activity WHERE activity_id = $1 AND stock_unit < $2 ORDER BY stock_unit DESC LIMIT $3",
      values: [activityId, below, limit],
    });
    return rows.map((row) => row.stock_unit);
  }

  async storeSurplus(activityId: number, surplus: number): Promise<void> {
    await runStatement(this.pool, {
      name: "stock-store-surplus",
      // The award lines' stored surplus follows their stock slots, which draws decrement.
      text: `WITH activity_surplus AS (
               UPDATE activity SET stock_surplus_count = LEAST(stock_count, GREATEST(0, $2::int)), updated_at = now()
               WHERE activity_id = $1 AND stock_surplus_count <> LEAST(stock_count, GREATEST(0, $2::int))
             ), lines AS (
               SELECT s.strategy_id, s.award_id, sum(s.surplus)::int AS surplus
               FROM activity a JOIN strategy_award_stock s ON s.strategy_id = a.strategy_id
               WHERE a.activity_id = $1
               GROUP BY s.strategy_id, s.award_id
             )
             UPDATE strategy_detail d SET award_surplus_count = lines.surplus, updated_at = now()
             FROM lines WHERE d.strategy_id = lines.strategy_id AND d.award_id = lines.award_id AND d.award_surplus_count <> lines.surplus`,
      values: [activityId, surplus],
    });
  }
}
