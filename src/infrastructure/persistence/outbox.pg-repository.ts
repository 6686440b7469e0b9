import type { Pool } from "pg";
import type { DrawOrder, OrderProgress } from "../../domain/award/draw-order.entity";
import type { OutboxRepository } from "../../domain/award/outbox.repository";
import { orderFromRow, type OrderRow } from "./order-row";
import { inTransaction } from "./pg-transaction";

export class PgOutboxRepository implements OutboxRepository {
  constructor(private readonly pool: Pool) {}

  resendStuck(limit: number, staleAfterMs: number, send: (orders: DrawOrder[]) => Promise<OrderProgress>): Promise<number> {
    return inTransaction(this.pool, async (client) => {
      // Served by the (mq_state, created_at) index; age by the database clock, not this host's.
      const { rows } = await client.query<OrderRow>(
        `SELECT * FROM user_strategy_export
         WHERE mq_state = 2 OR (mq_state = 0 AND created_at < now() - $2 * interval '1 millisecond')
         ORDER BY created_at LIMIT $1
         FOR UPDATE SKIP LOCKED`,
        [limit, staleAfterMs],
      );
      if (rows.length > 0) {
        const state = await send(rows.map(orderFromRow));
        await client.query("UPDATE user_strategy_export SET mq_state = $1, updated_at = now() WHERE order_id = ANY($2::bigint[])", [
          state,
          rows.map((row) => row.order_id),
        ]);
      }
      return rows.length;
    });
  }
}
