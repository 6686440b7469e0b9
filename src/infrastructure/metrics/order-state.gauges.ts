import type { Pool } from "pg";
import { GrantState, OrderProgress } from "../../domain/award/draw-order.entity";
import type { Metrics } from "./metrics";

const MQ_NAMES = [OrderProgress.INIT, OrderProgress.COMPLETE, OrderProgress.FAIL].map((state) => OrderProgress[state]);
const GRANT_NAMES = [GrantState.INIT, GrantState.COMPLETE, GrantState.FAIL, GrantState.AWAITING_ADDRESS].map((state) => GrantState[state]);

/**
 * Refreshes the orders-by-state gauges from the database. Run on an interval by the worker, never
 * per scrape: on a large order table the count is a scan.
 */
export async function refreshOrderStateGauges(pool: Pool, metrics: Metrics): Promise<void> {
  const { rows } = await pool.query<{ mq_state: number; grant_state: number; n: string }>(
    "SELECT mq_state, grant_state, count(*) AS n FROM user_strategy_export GROUP BY mq_state, grant_state",
  );
  const mq = MQ_NAMES.map(() => 0);
  const grant = GRANT_NAMES.map(() => 0);
  for (const row of rows) {
    mq[row.mq_state] += Number(row.n);
    grant[row.grant_state] += Number(row.n);
  }
  MQ_NAMES.forEach((name, state) => metrics.ordersByMqState.set({ mq_state: name }, mq[state]));
  GRANT_NAMES.forEach((name, state) => metrics.ordersByGrantState.set({ grant_state: name }, grant[state]));
}
