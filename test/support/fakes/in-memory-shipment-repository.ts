import { AwardType } from "../../../src/domain/award/award-type";
import type { ShippingAddress } from "../../../src/domain/award/draw-order.entity";
import type { AddressOutcome, ShipmentRepository } from "../../../src/domain/award/shipment.repository";
import type { InMemoryDrawOrderRepository } from "./in-memory-draw-order-repository";
import { OutageSwitch } from "./outage-switch";

interface StoredShipment {
  shipmentId: string;
  state: "PENDING_ADDRESS" | "READY_TO_SHIP";
  address: ShippingAddress | null;
}

/**
 * ShipmentRepository in memory over the orders of an InMemoryDrawOrderRepository, with the
 * adapter's rules: only PHYSICAL orders ship, a waiting shipment takes the address and completes
 * the order's grant (the aggregate's ADDRESS_PROVIDED move), a shipment with an address is never
 * changed, and without a shipment the address is kept on the order for its grant.
 */
export class InMemoryShipmentRepository implements ShipmentRepository {
  readonly shipments = new Map<bigint, StoredShipment>();
  readonly outage = new OutageSwitch();

  constructor(private readonly orders: InMemoryDrawOrderRepository) {}

  /** A shipment as the PHYSICAL distributor opens it: waiting for an address when given none. */
  open(orderId: bigint, address: ShippingAddress | null = null): string {
    const shipmentId = `SHP-${this.shipments.size + 1}`;
    this.shipments.set(orderId, { shipmentId, state: address ? "READY_TO_SHIP" : "PENDING_ADDRESS", address });
    return shipmentId;
  }

  async provideAddress(orderId: bigint, address: ShippingAddress): Promise<AddressOutcome> {
    this.outage.check();
    const order = (await this.orders.lockForGrant([orderId])).get(orderId);
    if (!order) return { kind: "ORDER_NOT_FOUND" };
    if (order.awardType !== AwardType.PHYSICAL) return { kind: "NOT_PHYSICAL", awardType: order.awardType };
    const shipment = this.shipments.get(orderId);
    if (shipment && shipment.state !== "PENDING_ADDRESS") return { kind: "ALREADY_ADDRESSED", shipmentId: shipment.shipmentId, address: structuredClone(shipment.address ?? {}) };
    this.orders.stored(orderId).shippingAddress = structuredClone(address);
    if (!shipment) return { kind: "ADDRESS_SAVED" };
    shipment.state = "READY_TO_SHIP";
    shipment.address = structuredClone(address);
    const moved = order.addressProvided();
    if (!moved.ok) throw new Error(`shipment ${shipment.shipmentId} waited for its address, but ${moved.error.message}`);
    await this.orders.save([order]);
    return { kind: "SHIPMENT_ADDRESSED", shipmentId: shipment.shipmentId };
  }
}
