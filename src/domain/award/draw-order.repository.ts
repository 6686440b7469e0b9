import type { DrawOrder, OrderProgress } from "./draw-order.entity";

export type SaveWinOutcome = "SAVED" | "AWARD_OUT_OF_STOCK" | "TAKE_ALREADY_USED";

export interface DrawOrderRepository {
  /**
   * In one transaction: decrements the award's surplus if > 0, sets the take used (only if it
   * was unused) and inserts the order. Refusals roll everything back.
   */
  saveWin(order: DrawOrder): Promise<SaveWinOutcome>;
  /** A loss consumes the take and writes no order. */
  saveLoss(takeId: bigint): Promise<"SAVED" | "TAKE_ALREADY_USED">;
  markMqState(orderId: bigint, state: OrderProgress): Promise<void>;
  /** grant_state FAIL, unless the order was granted meanwhile (COMPLETE is never overwritten). */
  markGrantFailed(orderId: bigint): Promise<void>;
  findOrder(orderId: bigint): Promise<DrawOrder | null>;
  /** The delivery of a granted order (its award_delivery row), or null before the grant. */
  findDelivery(orderId: bigint): Promise<{ deliveryRef: string; deliveredAt: Date } | null>;
  listByUser(uId: string, activityId?: number): Promise<DrawOrder[]>;
}
