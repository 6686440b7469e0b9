import type { DrawOrder, OrderProgress } from "./draw-order.entity";

/** The order table seen as the outbox of `lottery_invoice`. */
export interface OutboxRepository {
  /**
   * Claims up to `limit` orders whose invoice send failed (mq_state 2) or never finished
   * (mq_state 0 and created more than `staleAfterMs` ago by the database clock), locked so that
   * concurrent scanners skip them; hands them to `send` and records the mq_state it returns for
   * each, in the same transaction. Returns how many orders were claimed.
   */
  resendStuck(limit: number, staleAfterMs: number, send: (orders: DrawOrder[]) => Promise<OrderProgress>): Promise<number>;
}
