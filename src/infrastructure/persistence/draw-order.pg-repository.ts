import type { Pool } from "pg";
import type { DrawOrder, OrderProgress } from "../../domain/award/draw-order.entity";
import type { DrawOrderRepository, SaveWinOutcome } from "../../domain/award/draw-order.repository";
import { orderFromRow, type OrderRow } from "./order-row";


// One statement, so the award row is locked only while it runs, not for a whole transaction
// (award rows are the hottest rows of a campaign). The award line is locked and re-checked
// first; the take is used and the surplus decremented only if both can be; the order is
// inserted only if both were. Either everything happens or nothing does.
const SAVE_WIN = `
  WITH locked AS (
    SELECT id FROM strategy_detail WHERE strategy_id = $1 AND award_id = $2 AND award_surplus_count > 0 FOR UPDATE
  ), take AS (
    UPDATE user_take_activity SET state = 1, updated_at = now()
    WHERE take_id = $3 AND state = 0 AND EXISTS (SELECT 1 FROM locked) RETURNING take_id
  ), award AS (
    UPDATE strategy_detail SET award_surplus_count = award_surplus_count - 1, updated_at = now()
    WHERE id IN (SELECT id FROM locked) AND EXISTS (SELECT 1 FROM take) RETURNING id
  ), ins AS (
    INSERT INTO user_strategy_export (order_id, u_id, activity_id, strategy_id, strategy_mode, grant_type, grant_date,
      grant_state, award_id, award_type, award_name, award_content, shipping_address, uuid, mq_state, created_at, updated_at)
    SELECT $4::bigint, $5::varchar, $6::bigint, $1::bigint, $7::smallint, $8::smallint, $9::timestamptz, $10::smallint, $2::varchar,
      $11::smallint, $12::varchar, $13::varchar, $14::jsonb, $15::varchar, $16::smallint, $9::timestamptz, now()
    WHERE EXISTS (SELECT 1 FROM award) RETURNING order_id
  )
  SELECT (SELECT count(*) FROM locked)::int AS award_ok, (SELECT count(*) FROM take)::int AS take_ok, (SELECT count(*) FROM ins)::int AS inserted`;

/** Orders through plain pg: the draw path writes them (see pg-pool.factory.ts for why not Prisma). */
export class PgDrawOrderRepository implements DrawOrderRepository {
  constructor(private readonly pool: Pool) {}

  async saveWin(order: DrawOrder): Promise<SaveWinOutcome> {
    const o = order.toProps();
    const { rows } = await this.pool.query<{ award_ok: number; take_ok: number; inserted: number }>({
      name: "save-win",
      text: SAVE_WIN,
      values: [
        o.strategyId,
        o.awardId,
        o.takeId.toString(),
        o.orderId.toString(),
        o.uId,
        o.activityId,
        o.strategyMode,
        o.grantType,
        o.createdAt,
        o.grantState,
        o.awardType,
        o.awardName,
        o.awardContent,
        o.shippingAddress === null ? null : JSON.stringify(o.shippingAddress),
        o.takeId.toString(),
        o.mqState,
      ],
    });
    const [row] = rows;
    if (row.inserted === 1) return "SAVED";
    if (row.award_ok === 0) return "AWARD_OUT_OF_STOCK";
    if (row.take_ok === 0) return "TAKE_ALREADY_USED";
    throw new Error(`order ${o.orderId} was neither saved nor refused (award ${row.award_ok}, take ${row.take_ok})`);
  }

  async saveLoss(takeId: bigint): Promise<"SAVED" | "TAKE_ALREADY_USED"> {
    const { rowCount } = await this.pool.query({
      name: "save-loss",
      text: "UPDATE user_take_activity SET state = 1, updated_at = now() WHERE take_id = $1 AND state = 0",
      values: [takeId.toString()],
    });
    return rowCount === 1 ? "SAVED" : "TAKE_ALREADY_USED";
  }

  async markMqState(orderId: bigint, state: OrderProgress): Promise<void> {
    await this.pool.query({
      name: "mark-mq-state",
      text: "UPDATE user_strategy_export SET mq_state = $2, updated_at = now() WHERE order_id = $1",
      values: [orderId.toString(), state],
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
