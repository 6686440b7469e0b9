import { DrawOrder, OrderProgress } from "../../../src/domain/award/draw-order.entity";
import type { OutboxRepository } from "../../../src/domain/award/outbox.repository";
import type { InMemoryDrawOrderRepository, StoredOrder } from "./in-memory-draw-order-repository";
import { OutageSwitch } from "./outage-switch";

/**
 * OutboxRepository in memory over the orders of an InMemoryDrawOrderRepository, with the adapter's
 * rules: stuck is FAIL, or INIT older than `staleAfterMs` by the orders' clock; a claim is a lease
 * that keeps other scanners off until it runs out, is released, or the order is marked sent;
 * oldest first.
 */
export class InMemoryOutboxRepository implements OutboxRepository {
  readonly outage = new OutageSwitch();

  constructor(private readonly orders: InMemoryDrawOrderRepository) {}

  async claimStuck(limit: number, staleAfterMs: number, leaseMs: number): Promise<DrawOrder[]> {
    this.outage.check();
    const now = this.now();
    const claimed = this.stuck(staleAfterMs)
      .filter((row) => row.claimedUntil === null || row.claimedUntil < now)
      .slice(0, limit);
    for (const row of claimed) row.claimedUntil = now + leaseMs;
    return claimed.map((row) => DrawOrder.restore({ ...row.props }));
  }

  async releaseClaims(orderIds: readonly bigint[]): Promise<void> {
    this.outage.check();
    for (const id of orderIds) {
      const row = this.orders.rows.get(id);
      if (row) row.claimedUntil = null;
    }
  }

  async listStuck(limit: number, staleAfterMs: number): Promise<{ orders: DrawOrder[]; total: number }> {
    this.outage.check();
    const stuck = this.stuck(staleAfterMs);
    return { orders: stuck.slice(0, limit).map((row) => DrawOrder.restore({ ...row.props })), total: stuck.length };
  }

  /** Whether another scanner is kept off the order right now. */
  isClaimed(orderId: bigint): boolean {
    const until = this.orders.rows.get(orderId)?.claimedUntil ?? null;
    return until !== null && until >= this.now();
  }

  private stuck(staleAfterMs: number): StoredOrder[] {
    const now = this.now();
    return [...this.orders.rows.values()]
      .filter(({ props }) => props.mqState === OrderProgress.FAIL || (props.mqState === OrderProgress.INIT && props.createdAt.getTime() < now - staleAfterMs))
      .sort((a, b) => a.props.createdAt.getTime() - b.props.createdAt.getTime());
  }

  private now(): number {
    return this.orders.clock.now().getTime();
  }
}
