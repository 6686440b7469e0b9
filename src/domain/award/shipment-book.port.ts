import type { ShippingAddress } from "./draw-order.entity";

/** A shipment of a PHYSICAL prize to open: to `address`, or waiting for one when it is null. */
export interface ShipmentRequest {
  orderId: bigint;
  uId: string;
  awardId: string;
  address: ShippingAddress | null;
}

/** A shipment as it stands: READY_TO_SHIP (with its address) or waiting for one. */
export interface Shipment {
  shipmentId: string;
  state: "PENDING_ADDRESS" | "READY_TO_SHIP";
  address: ShippingAddress | null;
}

/** The shipments of PHYSICAL prizes (award_shipment). */
export interface ShipmentBook {
  /** Opens one shipment per request; the shipment id of each order. */
  open(requests: readonly ShipmentRequest[]): Promise<Map<bigint, string>>;
  /** The order's shipment, or null before its grant opened one. */
  findByOrder(orderId: bigint): Promise<Shipment | null>;
  /** A PENDING_ADDRESS shipment becomes READY_TO_SHIP with `address`; false when it was not waiting. */
  shipTo(orderId: bigint, address: ShippingAddress): Promise<boolean>;
}
