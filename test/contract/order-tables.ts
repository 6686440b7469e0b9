import type { DrawOrder, ShippingAddress } from "../../src/domain/award/draw-order.entity";
import type { DrawOrderRepository } from "../../src/domain/award/draw-order.repository";
import type { OutboxRepository } from "../../src/domain/award/outbox.repository";
import type { ShipmentRepository } from "../../src/domain/award/shipment.repository";

/**
 * The ports over the order table (user_strategy_export) and what hangs off it, as one subject:
 * their adapters share the rows, so their contracts are checked over the same ones. `given`
 * writes rows as the draw, a grant or the PHYSICAL distributor would have.
 */
export interface OrderTables {
  orders: DrawOrderRepository;
  outbox: OutboxRepository;
  shipments: ShipmentRepository;
  /** Stores an order and, when it has one, its delivery. */
  given(order: DrawOrder): Promise<void>;
  /** Opens the order's shipment: waiting for an address when `address` is null. Returns its id. */
  givenShipment(order: DrawOrder, address: ShippingAddress | null): Promise<string>;
}
