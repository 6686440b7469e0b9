import { OrderProgress, type DrawOrder } from "../../domain/award/draw-order.entity";
import type { OutboxRepository } from "../../domain/award/outbox.repository";
import { ORDER_COLUMNS, orderFromRow, type OrderRow } from "./order-row";
import type { Queryable } from "./queryable";

// Stuck: the send failed, or never finished and the order is older than $2 ms by the database
// clock. Served by the (mq_state, created_at) index. $3 and $4 are OrderProgress FAIL and INIT.
const STUCK = "(mq_state = $3::smallint OR (mq_state = $4::smallint AND created_at < now() - $2 * interval '1 millisecond'))";

// One autocommit statement: the rows are locked only while it runs (SKIP LOCKED, so scanners
// take different rows), and the lease it writes keeps every other scanner off them until the
// send is recorded or the lease runs out. MATERIALIZED so the LIMIT applies once.
const CLAIM = `
  WITH due AS MATERIALIZED (
    SELECT order_id FROM user_strategy_export
    WHERE ${STUCK} AND (mq_claimed_until IS NULL OR mq_claimed_until < now())
    ORDER BY created_at LIMIT $1
    FOR UPDATE SKIP LOCKED
  )
  UPDATE user_strategy_export o SET mq_claimed_until = now() + $5 * interval '1 millisecond'
  FROM due WHERE o.order_id = due.order_id
  RETURNING ${ORDER_COLUMNS.split(", ").map((c) => `o.${c}`).join(", ")}`;

export class PgOutboxRepository implements OutboxRepository {
  constructor(private readonly db: Queryable) {}

  async claimStuck(limit: number, staleAfterMs: number, leaseMs: number): Promise<DrawOrder[]> {
    const { rows } = await this.db.query<OrderRow>({
      name: "outbox-claim-stuck",
      text: CLAIM,
      values: [limit, staleAfterMs, OrderProgress.FAIL, OrderProgress.INIT, leaseMs],
    });
    // RETURNING follows no order; the oldest first, as claimed.
    return rows.sort((a, b) => a.created_at.getTime() - b.created_at.getTime()).map((row) => orderFromRow(row));
  }

  async releaseClaims(orderIds: readonly bigint[]): Promise<void> {
    if (orderIds.length === 0) return;
    await this.db.query({
      // Unnamed: planned at each run, for the table as it is then (pg-query.ts).
      // In order_id order, as grants lock their batches: see PgDrawOrderRepository.
      text: `WITH target AS (
               SELECT order_id FROM user_strategy_export WHERE order_id = ANY($1::bigint[]) AND mq_claimed_until IS NOT NULL ORDER BY order_id FOR UPDATE
             )
             UPDATE user_strategy_export o SET mq_claimed_until = NULL FROM target WHERE o.order_id = target.order_id`,
      values: [orderIds.map(String)],
    });
  }

  async listStuck(limit: number, staleAfterMs: number): Promise<{ orders: DrawOrder[]; total: number }> {
    const params = [limit, staleAfterMs, OrderProgress.FAIL, OrderProgress.INIT];
    const { rows } = await this.db.query<OrderRow>(`SELECT ${ORDER_COLUMNS} FROM user_strategy_export WHERE ${STUCK} ORDER BY created_at LIMIT $1`, params);
    const { rows: counted } = await this.db.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM user_strategy_export WHERE ${STUCK} AND $1::int IS NOT NULL`,
      params,
    );
    return { orders: rows.map((row) => orderFromRow(row)), total: counted[0].n };
  }
}
