import {
  GrantState,
  GRANT_TRANSITIONS,
  SEND_TRANSITIONS,
  type DrawOrder,
  type OrderDelivery,
  type OrderStateChange,
  type ShippingAddress,
} from "../../domain/award/draw-order.entity";
import type { DrawOrderRepository, UserOrdersQuery } from "../../domain/award/draw-order.repository";
import { DELIVERY_COLUMNS, deliveryFromRow, type DeliveryRow } from "./delivery-row";
import { ORDER_COLUMNS, orderFromRow, type OrderRow } from "./order-row";
import type { Queryable } from "./queryable";

/**
 * Orders through plain pg (see pg-pool.factory.ts for why not Prisma), on a pool or inside a
 * caller's transaction; the draw writes them with its take (draw-ledger.pg-repository.ts). The states in SQL come
 * from the aggregate's transition rules (never literals), so the rules live in one place.
 */
export class PgDrawOrderRepository implements DrawOrderRepository {
  constructor(private readonly db: Queryable) {}

  async markSent(orderIds: readonly bigint[]): Promise<void> {
    await this.move("SENT", "mq_state", orderIds);
  }

  async markSendFailed(orderIds: readonly bigint[]): Promise<void> {
    await this.move("SEND_FAILED", "mq_state", orderIds);
  }

  async markGrantFailed(orderId: bigint): Promise<void> {
    await this.move("GRANT_FAILED", "grant_state", [orderId]);
  }

  async save(orders: readonly DrawOrder[]): Promise<bigint[]> {
    const byId = new Map(orders.map((order) => [order.orderId, order]));
    const changes = orders.flatMap((order) => order.pullChanges());
    const groups = new Map<string, OrderStateChange[]>();
    const seen = new Set<string>();
    for (const change of changes) {
      const once = `${change.orderId}:${change.column}`;
      if (seen.has(once)) throw new Error(`order ${change.orderId} recorded two ${change.column} moves in one save`);
      seen.add(once);
      const group = groups.get(change.transition);
      if (group) group.push(change);
      else groups.set(change.transition, [change]);
    }
    const missed: bigint[] = [];
    const landedDeliveries: OrderStateChange[] = [];
    for (const group of groups.values()) {
      const { transition, column } = group[0];
      const landed = new Set(await this.move(transition, column, group.map((c) => c.orderId)));
      for (const change of group) {
        if (!landed.has(change.orderId)) missed.push(change.orderId);
        else if (change.column === "grant_state" && change.delivery) landedDeliveries.push(change);
      }
    }
    await this.insertDeliveries(landedDeliveries, byId);
    return missed;
  }

  async saveShippingAddress(orderId: bigint, address: ShippingAddress): Promise<void> {
    await this.db.query({
      name: "order-save-shipping-address",
      text: "UPDATE user_strategy_export SET shipping_address = $2::jsonb, updated_at = now() WHERE order_id = $1::bigint",
      values: [String(orderId), JSON.stringify(address)],
    });
  }

  async lockForGrant(orderIds: readonly bigint[]): Promise<Map<bigint, DrawOrder>> {
    if (orderIds.length === 0) return new Map();
    const ids = orderIds.map(String);
    // The lock first, then the deliveries in a statement of their own: under READ COMMITTED it
    // sees a delivery that a racing grant committed while this one waited for the lock.
    const locked = await this.db.query<OrderRow>({
      // Unnamed: planned at each run, for the table as it is then (pg-query.ts).
      text: `SELECT ${ORDER_COLUMNS} FROM user_strategy_export WHERE order_id = ANY($1::bigint[]) ORDER BY order_id FOR UPDATE`,
      values: [ids],
    });
    if (locked.rows.length === 0) return new Map();
    const deliveries = await this.db.query<DeliveryRow>({
      // Unnamed: planned at each run, for the table as it is then (pg-query.ts).
      text: `SELECT ${DELIVERY_COLUMNS} FROM award_delivery WHERE order_id = ANY($1::bigint[])`,
      values: [locked.rows.map((row) => row.order_id)],
    });
    const deliveryOf = new Map(deliveries.rows.map((row) => [row.order_id, row]));
    return new Map(locked.rows.map((row) => [BigInt(row.order_id), orderFromRow(row, deliveryOf.get(row.order_id) ?? null)]));
  }

  async findOrder(orderId: bigint): Promise<DrawOrder | null> {
    const { rows } = await this.db.query<OrderRow & { delivery_ref: string | null; delivered_at: Date | null }>({
      name: "order-find",
      text: `SELECT o.*, d.delivery_ref, d.delivered_at FROM user_strategy_export o LEFT JOIN award_delivery d ON d.order_id = o.order_id
             WHERE o.order_id = $1::bigint`,
      values: [orderId.toString()],
    });
    const row = rows[0];
    if (!row) return null;
    return orderFromRow(row, row.delivery_ref === null ? null : { order_id: row.order_id, delivery_ref: row.delivery_ref, delivered_at: row.delivered_at });
  }

  async findDelivery(orderId: bigint): Promise<OrderDelivery | null> {
    const { rows } = await this.db.query<DeliveryRow>({
      name: "order-find-delivery",
      text: `SELECT ${DELIVERY_COLUMNS} FROM award_delivery WHERE order_id = $1::bigint`,
      values: [orderId.toString()],
    });
    return rows[0] ? deliveryFromRow(rows[0]) : null;
  }

  async listByUser(uId: string, query: UserOrdersQuery): Promise<{ items: DrawOrder[]; total: number }> {
    // $2 NULL: every activity. Both statements use the (u_id, activity_id) index.
    const where = "u_id = $1 AND ($2::bigint IS NULL OR activity_id = $2::bigint)";
    const activityId = query.activityId ?? null;
    // One after the other: `db` may be a single client, which must not be handed two queries at once.
    const { rows } = await this.db.query<OrderRow>(`SELECT ${ORDER_COLUMNS} FROM user_strategy_export WHERE ${where} ORDER BY order_id DESC LIMIT $3 OFFSET $4`, [
      uId,
      activityId,
      query.size,
      (query.page - 1) * query.size,
    ]);
    const { rows: counted } = await this.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM user_strategy_export WHERE ${where}`, [uId, activityId]);
    return { items: rows.map((row) => orderFromRow(row)), total: counted[0].n };
  }

  /** One compare-and-set for many orders: those still in a state the move may start from take it. The ids that moved. */
  private async move(transition: OrderStateChange["transition"], column: OrderStateChange["column"], orderIds: readonly bigint[]): Promise<bigint[]> {
    if (orderIds.length === 0) return [];
    const rule = column === "mq_state" ? SEND_TRANSITIONS[transition as keyof typeof SEND_TRANSITIONS] : GRANT_TRANSITIONS[transition as keyof typeof GRANT_TRANSITIONS];
    if (!rule) throw new Error(`${transition} is not a move of ${column}`);
    // A sent order's scanner claim ends with the send.
    const extra = transition === "SENT" ? ", mq_claimed_until = NULL" : "";
    // The rows are locked in order_id order, as every grant locks its batch, so a bulk move (the
    // scanner's, the draw path's) and a grant of the same orders never deadlock.
    const counters = campaignCounters(transition);
    const { rows } = await this.db.query<{ order_id: string }>({
      // Unnamed: planned at each run, for the table as it is then (pg-query.ts).
      text: `WITH target AS (
               SELECT order_id, ${column} AS was, campaign_id FROM user_strategy_export
               WHERE order_id = ANY($1::bigint[]) AND ${column} = ANY($3::smallint[]) ORDER BY order_id FOR UPDATE
             ), moved AS (
               UPDATE user_strategy_export o SET ${column} = $2::smallint${extra}, updated_at = now()
               FROM target WHERE o.order_id = target.order_id AND o.${column} = ANY($3::smallint[])
               RETURNING o.order_id, target.was, target.campaign_id
             )${counters ? `, counted AS (${countersUpsert(counters)})` : ""}
             SELECT order_id::text FROM moved`,
      values: [orderIds.map(String), rule.to, rule.from],
    });
    const moved = rows.map((row) => BigInt(row.order_id));
    if (transition === "ADDRESS_PROVIDED" && moved.length > 0) {
      await this.db.query({
        // Unnamed: planned at each run, for the table as it is then (pg-query.ts).
        text: "UPDATE award_delivery SET delivered_at = now() WHERE order_id = ANY($1::bigint[]) AND delivered_at IS NULL",
        values: [moved.map(String)],
      });
    }
    return moved;
  }

  private async insertDeliveries(changes: OrderStateChange[], orders: ReadonlyMap<bigint, DrawOrder>): Promise<void> {
    if (changes.length === 0) return;
    const columns = { orderId: [] as string[], uId: [] as string[], awardId: [] as string[], awardType: [] as number[], ref: [] as string[], detail: [] as string[], delivered: [] as boolean[] };
    for (const change of changes) {
      if (change.column !== "grant_state" || !change.delivery) continue;
      const order = orders.get(change.orderId);
      if (!order) throw new Error(`delivery of order ${change.orderId} without its order`);
      columns.orderId.push(String(change.orderId));
      columns.uId.push(order.uId);
      columns.awardId.push(order.awardId);
      columns.awardType.push(order.awardType);
      columns.ref.push(change.delivery.deliveryRef);
      columns.detail.push(JSON.stringify(change.delivery.detail));
      columns.delivered.push(change.delivery.delivered);
    }
    await this.db.query({
      name: "delivery-insert-many",
      text: `INSERT INTO award_delivery (order_id, u_id, award_id, award_type, delivery_ref, detail, delivered_at)
             SELECT o, u, a, t, r, d, CASE WHEN done THEN now() END
             FROM unnest($1::bigint[], $2::varchar[], $3::varchar[], $4::smallint[], $5::varchar[], $6::jsonb[], $7::boolean[]) AS x(o, u, a, t, r, d, done)`,
      values: [columns.orderId, columns.uId, columns.awardId, columns.awardType, columns.ref, columns.detail, columns.delivered],
    });
  }
}

/** How a move changes a campaign's counters, as SQL aggregates over the orders it moved (`was`: their state before). */
interface CounterDeltas {
  sent?: string;
  granted?: string;
  failed?: string;
}

function campaignCounters(transition: OrderStateChange["transition"]): CounterDeltas | undefined {
  switch (transition) {
    case "SENT":
      return { sent: "count(*)" };
    case "GRANTED":
    case "AWAITING_ADDRESS":
      // A grant that had failed before is no longer failed.
      return { granted: "count(*)", failed: `-count(*) FILTER (WHERE was = ${GrantState.FAIL})` };
    case "GRANT_FAILED":
      return { failed: `count(*) FILTER (WHERE was <> ${GrantState.FAIL})` };
    default:
      return undefined;
  }
}

/**
 * The campaign counters follow the moves in the same statement, so they are exact whatever
 * crashes, and reading a campaign's status never counts its orders. One row per campaign and
 * connection shard: concurrent grant transactions do not queue on one row; rows are written in
 * campaign order, so two transactions never deadlock on them.
 */
function countersUpsert(deltas: CounterDeltas): string {
  const value = (delta: string | undefined) => delta ?? "0";
  return `INSERT INTO campaign_progress AS p (campaign_id, shard, sent, granted, failed)
          SELECT campaign_id, (pg_backend_pid() % ${PROGRESS_SHARDS})::smallint, ${value(deltas.sent)}, ${value(deltas.granted)}, ${value(deltas.failed)}
          FROM moved WHERE campaign_id IS NOT NULL GROUP BY campaign_id ORDER BY campaign_id
          ON CONFLICT (campaign_id, shard) DO UPDATE
            SET sent = p.sent + EXCLUDED.sent, granted = p.granted + EXCLUDED.granted, failed = p.failed + EXCLUDED.failed`;
}

/** Rows per campaign in campaign_progress, at most. */
export const PROGRESS_SHARDS = 8;

