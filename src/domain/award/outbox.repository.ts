import type { DrawOrder } from "./draw-order.entity";

/**
 * The order table seen as the outbox of `lottery_invoice`. An order is stuck when its send
 * failed (mq_state FAIL) or never finished (INIT, older than a threshold by the database clock).
 */
export interface OutboxRepository {
  /**
   * Claims up to `limit` stuck orders that no other scanner holds, for `leaseMs`, in one short
   * statement: no row stays locked while the caller sends. The claim ends when the order is
   * marked sent (DrawOrderRepository.markSent), released, or its lease runs out.
   */
  claimStuck(limit: number, staleAfterMs: number, leaseMs: number): Promise<DrawOrder[]>;
  /** Ends the claims of these orders (their send failed), so the next pass takes them again. */
  releaseClaims(orderIds: readonly bigint[]): Promise<void>;
  /** The oldest stuck orders, claimed or not, and how many there are, for an operator. */
  listStuck(limit: number, staleAfterMs: number): Promise<{ orders: DrawOrder[]; total: number }>;
}
