import type { ShippingAddress } from "./draw-order.entity";

/** A shipment of a PHYSICAL prize to open: to `address`, or waiting for one when it is null. */
export interface ShipmentRequest {
  orderId: bigint;
  uId: string;
  awardId: string;
  address: ShippingAddress | null;
}

/** The shipments of PHYSICAL prizes (award_shipment). */
export interface ShipmentBook {
  /** Opens one shipment per request; the shipment id of each order. */
  open(requests: readonly ShipmentRequest[]): Promise<Map<bigint, string>>;
}
