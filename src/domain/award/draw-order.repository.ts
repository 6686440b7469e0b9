import type { DrawOrder, OrderDelivery, ShippingAddress } from "./draw-order.entity";

/**
 * The orders (user_strategy_export) and their deliveries (award_delivery). Every change of state
 * is the DrawOrder aggregate's, persisted as a compare-and-set on the state it moved from. The
 * draw writes orders with its take (draw-ledger.pg-repository.ts).
 */
export interface DrawOrderRepository {
  /** SENT for these orders, in one statement: mq_state COMPLETE from INIT or FAIL; a scanner's claim ends. */
  markSent(orderIds: readonly bigint[]): Promise<void>;
  /** SEND_FAILED for these orders, in one statement: mq_state FAIL only from INIT (COMPLETE never goes back). */
  markSendFailed(orderIds: readonly bigint[]): Promise<void>;
  /** GRANT_FAILED for one order (grant_state FAIL from INIT or FAIL; a granted or waiting order is left alone). */
  markGrantFailed(orderId: bigint): Promise<void>;

  /**
   * Persists what the orders recorded (pullChanges): each move as a compare-and-set on its
   * previous state, one statement per kind of move, and the deliveries that grants wrote.
   * Returns the orders whose move did not land because their state had changed meanwhile.
   */
  save(orders: readonly DrawOrder[]): Promise<bigint[]>;
  /**
   * The orders among `orderIds` that exist, with their deliveries, locked until the caller's
   * transaction ends (in order_id order, so two batches never deadlock). Only inside a transaction.
   */
  lockForGrant(orderIds: readonly bigint[]): Promise<Map<bigint, DrawOrder>>;

  /** Keeps the shipping address the user gave on the order (a PHYSICAL prize's grant ships to it). */
  saveShippingAddress(orderId: bigint, address: ShippingAddress): Promise<void>;

  /** The order with its delivery, or null. */
  findOrder(orderId: bigint): Promise<DrawOrder | null>;
  /** The delivery of an order (its award_delivery row), or null before any grant. */
  findDelivery(orderId: bigint): Promise<OrderDelivery | null>;
  /** A page of a user's orders, newest first (by order id, so pages never overlap or skip), and how many there are. */
  listByUser(uId: string, query: UserOrdersQuery): Promise<{ items: DrawOrder[]; total: number }>;
}

export interface UserOrdersQuery {
  activityId?: number;
  /** From 1. */
  page: number;
  size: number;
}
