import type { DrawOrder } from "../../src/domain/award/draw-order.entity";
import type { DrawOrderRepository } from "../../src/domain/award/draw-order.repository";
import type { OutboxRepository } from "../../src/domain/award/outbox.repository";
import type { ShipmentBook } from "../../src/domain/award/shipment-book.port";

/**
 * The ports over the order table (user_strategy_export) and what hangs off it, as one subject:
 * their adapters share the rows, so their contracts are checked over the same ones. `given`
 * writes an order as the draw (and a grant, for its delivery) would have.
 */
export interface OrderTables {
  orders: DrawOrderRepository;
  outbox: OutboxRepository;
  shipments: ShipmentBook;
  /** Stores an order and, when it has one, its delivery. */
  given(order: DrawOrder): Promise<void>;
}
