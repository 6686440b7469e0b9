import type { AwardType } from "./award-type";
import type { ShippingAddress } from "./draw-order.entity";

/** What giving a shipping address to an order did, or why it did nothing. */
export type AddressOutcome =
  | { kind: "ORDER_NOT_FOUND" }
  | { kind: "NOT_PHYSICAL"; awardType: AwardType }
  /** No shipment yet (the invoice is not consumed yet): the address is saved on the order for the grant to use. */
  | { kind: "ADDRESS_SAVED" }
  /** The shipment waited for this address: it is READY_TO_SHIP now and the order's grant is COMPLETE. */
  | { kind: "SHIPMENT_ADDRESSED"; shipmentId: string }
  /** The shipment had an address already; nothing changed. */
  | { kind: "ALREADY_ADDRESSED"; shipmentId: string; address: ShippingAddress };

/** Shipments of PHYSICAL prizes (award_shipment), as the user completes them. */
export interface ShipmentRepository {
  /**
   * In one transaction, with the order row locked (so a grant of the same order runs wholly
   * before or after): a PENDING_ADDRESS shipment becomes READY_TO_SHIP with `address`, and the
   * order gets grant_state COMPLETE and the address; without a shipment only the order gets the
   * address. A shipment that has an address already is left alone.
   */
  provideAddress(orderId: bigint, address: ShippingAddress): Promise<AddressOutcome>;
}
