import type { Pool } from "pg";
import { OrderProgress, type DrawOrder } from "../../domain/award/draw-order.entity";
import type { DrawOrderRepository } from "../../domain/award/draw-order.repository";
import { orderFromRow, type OrderRow } from "./order-row";

/** Orders through plain pg (see pg-pool.factory.ts for why not Prisma); the draw writes them with its take (draw-ledger.pg-repository.ts). */
export class PgDrawOrderRepository implements DrawOrderRepository {
  constructor(private readonly pool: Pool) {}

  async markSent(orderIds: bigint[]): Promise<void> {
    if (orderIds.length === 0) return;
    await this.pool.query({
      name: "mark-sent",
      text: `UPDATE user_strategy_export SET mq_state = ${OrderProgress.COMPLETE}, updated_at = now()
             WHERE order_id = ANY($1::bigint[]) AND mq_state <> ${OrderProgress.COMPLETE}`,
      values: [orderIds.map(String)],
    });
  }

  async markSendFailed(orderIds: bigint[]): Promise<void> {
    if (orderIds.length === 0) return;
    await this.pool.query({
      name: "mark-send-failed",
      text: `UPDATE user_strategy_export SET mq_state = ${OrderProgress.FAIL}, updated_at = now()
             WHERE order_id = ANY($1::bigint[]) AND mq_state = ${OrderProgress.INIT}`,
      values: [orderIds.map(String)],
    });
  }

  async markGrantFailed(orderId: bigint): Promise<void> {
    await this.pool.query({
      name: "mark-grant-failed",
      text: "UPDATE user_strategy_export SET grant_state = 2, updated_at = now() WHERE order_id = $1 AND grant_state <> 1",
      values: [orderId.toString()],
    });
  }

  async findOrder(orderId: bigint): Promise<DrawOrder | null> {
    const { rows } = await this.pool.query<OrderRow>("SELECT * FROM user_strategy_export WHERE order_id = $1", [orderId.toString()]);
    return rows[0] ? orderFromRow(rows[0]) : null;
  }

  async findDelivery(orderId: bigint): Promise<{ deliveryRef: string; deliveredAt: Date } | null> {
    const { rows } = await this.pool.query<{ delivery_ref: string; delivered_at: Date }>(
      "SELECT delivery_ref, delivered_at FROM award_delivery WHERE order_id = $1",
      [orderId.toString()],
    );
    return rows[0] ? { deliveryRef: rows[0].delivery_ref, deliveredAt: rows[0].delivered_at } : null;
  }

  async listByUser(uId: string, activityId?: number): Promise<DrawOrder[]> {
    const { rows } =
      activityId === undefined
        ? await this.pool.query<OrderRow>("SELECT * FROM user_strategy_export WHERE u_id = $1 ORDER BY order_id DESC LIMIT 200", [uId])
        : await this.pool.query<OrderRow>("SELECT * FROM user_strategy_export WHERE u_id = $1 AND activity_id = $2 ORDER BY order_id DESC LIMIT 200", [uId, activityId]);
    return rows.map(orderFromRow);
  }
}
