import type { DrawOrder } from "./draw-order.entity";

export interface DrawOrderRepository {
  /** mq_state COMPLETE for these orders, from INIT or FAIL (the invoice reached the broker). */
  markSent(orderIds: bigint[]): Promise<void>;
  /** mq_state FAIL for these orders, only from INIT: COMPLETE never goes back to FAIL. */
  markSendFailed(orderIds: bigint[]): Promise<void>;
  /** grant_state FAIL, unless the order was granted meanwhile (COMPLETE is never overwritten). */
  markGrantFailed(orderId: bigint): Promise<void>;
  findOrder(orderId: bigint): Promise<DrawOrder | null>;
  /** The delivery of a granted order (its award_delivery row), or null before the grant. */
  findDelivery(orderId: bigint): Promise<{ deliveryRef: string; deliveredAt: Date } | null>;
  listByUser(uId: string, activityId?: number): Promise<DrawOrder[]>;
}
