import type { ActivitySummary, ActivitySummaryReader, OrderGrantStates } from "../../application/operator/operator-reports.port";
import { GrantState } from "../../domain/award/draw-order.entity";
import type { Queryable } from "./queryable";

interface SummaryRow {
  activity_id: string;
  activity_name: string;
  state: number;
  stock_count: number;
  stock_surplus_count: number;
  takes: number;
  wins: number;
  granted: number;
  pending: number;
  failed: number;
}

/** The operator's read models over the activity and order tables. */
export class PgOperatorReports implements ActivitySummaryReader, OrderGrantStates {
  constructor(private readonly db: Queryable) {}

  /** Per activity: stock, takes, and its orders counted by grant state, in one statement. */
  async summaries(): Promise<ActivitySummary[]> {
    const { rows } = await this.db.query<SummaryRow>(
      `SELECT a.activity_id::text, a.activity_name, a.state, a.stock_count, a.stock_surplus_count,
              (SELECT count(*)::int FROM user_take_activity t WHERE t.activity_id = a.activity_id) AS takes,
              count(o.order_id)::int AS wins,
              count(o.order_id) FILTER (WHERE o.grant_state = $1)::int AS granted,
              count(o.order_id) FILTER (WHERE o.grant_state = ANY($2::smallint[]))::int AS pending,
              count(o.order_id) FILTER (WHERE o.grant_state = $3)::int AS failed
       FROM activity a LEFT JOIN user_strategy_export o ON o.activity_id = a.activity_id
       GROUP BY a.activity_id ORDER BY a.activity_id`,
      // Pending: not granted yet, including PHYSICAL prizes waiting for their address.
      [GrantState.COMPLETE, [GrantState.INIT, GrantState.AWAITING_ADDRESS], GrantState.FAIL],
    );
    return rows.map((r) => ({
      activityId: Number(r.activity_id),
      name: r.activity_name,
      state: r.state,
      stockCount: r.stock_count,
      stockSurplusCount: r.stock_surplus_count,
      takes: r.takes,
      wins: r.wins,
      granted: r.granted,
      pending: r.pending,
      failed: r.failed,
    }));
  }

  async grantStates(orderIds: readonly bigint[]): Promise<Map<bigint, GrantState>> {
    if (orderIds.length === 0) return new Map();
    const { rows } = await this.db.query<{ order_id: string; grant_state: number }>(
      "SELECT order_id::text, grant_state FROM user_strategy_export WHERE order_id = ANY($1::bigint[])",
      [orderIds.map(String)],
    );
    return new Map(rows.map((r) => [BigInt(r.order_id), r.grant_state as GrantState]));
  }
}
