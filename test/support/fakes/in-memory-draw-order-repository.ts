import { systemClock, type Clock } from "../../../src/application/ports/clock.port";
import {
  DrawOrder,
  GRANT_TRANSITIONS,
  SEND_TRANSITIONS,
  type DrawOrderProps,
  type OrderDelivery,
  type OrderStateChange,
  type ShippingAddress,
} from "../../../src/domain/award/draw-order.entity";
import type { DrawOrderRepository, UserOrdersQuery } from "../../../src/domain/award/draw-order.repository";
import { OutageSwitch } from "./outage-switch";

/** An order row as stored: its props, its delivery, and the scanner's claim (mq_claimed_until). */
export interface StoredOrder {
  props: DrawOrderProps;
  delivery: OrderDelivery | null;
  claimedUntil: number | null;
}

/**
 * DrawOrderRepository in memory, with the PostgreSQL adapter's rules: every move a compare-and-set
 * on the states its transition starts from (the aggregate's own rules), one delivery per order,
 * a sent order's scanner claim ended. The outbox fake shares its rows, as the adapters share
 * user_strategy_export.
 */
export class InMemoryDrawOrderRepository implements DrawOrderRepository {
  readonly rows = new Map<bigint, StoredOrder>();
  readonly outage = new OutageSwitch();

  constructor(readonly clock: Clock = systemClock) {}

  /** Stores an order as the draw (or a campaign) would have written it. */
  add(order: DrawOrder): this {
    const props = order.toProps();
    let delivery: OrderDelivery | null = null;
    try {
      delivery = order.delivery;
    } catch {
      // Built without a delivery: it has none yet.
    }
    this.rows.set(props.orderId, { props: { ...props }, delivery: delivery && { ...delivery }, claimedUntil: null });
    return this;
  }

  async markSent(orderIds: readonly bigint[]): Promise<void> {
    this.outage.check();
    for (const id of this.move("SENT", "mq_state", orderIds)) this.rows.get(id)!.claimedUntil = null;
  }

  async markSendFailed(orderIds: readonly bigint[]): Promise<void> {
    this.outage.check();
    this.move("SEND_FAILED", "mq_state", orderIds);
  }

  async markGrantFailed(orderId: bigint): Promise<void> {
    this.outage.check();
    this.move("GRANT_FAILED", "grant_state", [orderId]);
  }

  async save(orders: readonly DrawOrder[]): Promise<bigint[]> {
    this.outage.check();
    const missed: bigint[] = [];
    for (const change of orders.flatMap((order) => order.pullChanges())) {
      if (this.move(change.transition, change.column, [change.orderId]).length === 0) {
        missed.push(change.orderId);
        continue;
      }
      if (change.column === "grant_state" && change.delivery) {
        const row = this.rows.get(change.orderId)!;
        if (row.delivery) throw new Error(`order ${change.orderId} has a delivery already (award_delivery_pkey)`);
        row.delivery = { deliveryRef: change.delivery.deliveryRef, deliveredAt: change.delivery.delivered ? this.clock.now() : null };
      }
    }
    return missed;
  }

  async lockForGrant(orderIds: readonly bigint[]): Promise<Map<bigint, DrawOrder>> {
    this.outage.check();
    const found = new Map<bigint, DrawOrder>();
    for (const id of [...orderIds].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0))) {
      const order = this.restored(id, true);
      if (order) found.set(id, order);
    }
    return found;
  }

  async saveShippingAddress(orderId: bigint, address: ShippingAddress): Promise<void> {
    this.outage.check();
    const row = this.rows.get(orderId);
    if (row) row.props.shippingAddress = structuredClone(address);
  }

  async findOrder(orderId: bigint): Promise<DrawOrder | null> {
    this.outage.check();
    return this.restored(orderId, true);
  }

  async findDelivery(orderId: bigint): Promise<OrderDelivery | null> {
    this.outage.check();
    const delivery = this.rows.get(orderId)?.delivery;
    return delivery ? { ...delivery } : null;
  }

  async listByUser(uId: string, query: UserOrdersQuery): Promise<{ items: DrawOrder[]; total: number }> {
    this.outage.check();
    const mine = [...this.rows.values()]
      .filter((row) => row.props.uId === uId && (query.activityId === undefined || row.props.activityId === query.activityId))
      .sort((a, b) => (a.props.orderId > b.props.orderId ? -1 : 1));
    const start = (query.page - 1) * query.size;
    return { items: mine.slice(start, start + query.size).map((row) => DrawOrder.restore({ ...row.props })), total: mine.length };
  }

  /** The stored props of an order, for asserts. */
  stored(orderId: bigint): DrawOrderProps {
    const row = this.rows.get(orderId);
    if (!row) throw new Error(`no order ${orderId}`);
    return row.props;
  }

  /** The ids that moved: those whose state was one the transition starts from. */
  private move(transition: OrderStateChange["transition"], column: OrderStateChange["column"], orderIds: readonly bigint[]): bigint[] {
    const moved: bigint[] = [];
    for (const id of new Set(orderIds)) {
      const row = this.rows.get(id);
      if (!row) continue;
      if (column === "mq_state") {
        const rule = SEND_TRANSITIONS[transition as keyof typeof SEND_TRANSITIONS];
        if (!(rule.from as readonly number[]).includes(row.props.mqState)) continue;
        row.props.mqState = rule.to;
      } else {
        const rule = GRANT_TRANSITIONS[transition as keyof typeof GRANT_TRANSITIONS];
        if (!(rule.from as readonly number[]).includes(row.props.grantState)) continue;
        row.props.grantState = rule.to;
        if (transition === "ADDRESS_PROVIDED" && row.delivery && row.delivery.deliveredAt === null) row.delivery.deliveredAt = this.clock.now();
      }
      moved.push(id);
    }
    return moved;
  }

  private restored(orderId: bigint, withDelivery: boolean): DrawOrder | null {
    const row = this.rows.get(orderId);
    if (!row) return null;
    return withDelivery ? DrawOrder.restore({ ...row.props }, row.delivery && { ...row.delivery }) : DrawOrder.restore({ ...row.props });
  }
}
