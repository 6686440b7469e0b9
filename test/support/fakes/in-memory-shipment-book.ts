import type { ShippingAddress } from "../../../src/domain/award/draw-order.entity";
import type { Shipment, ShipmentBook, ShipmentRequest } from "../../../src/domain/award/shipment-book.port";

/** A shipment book in memory: what was opened, with which address, and where each stands now. */
export class InMemoryShipmentBook implements ShipmentBook {
  readonly opened: ShipmentRequest[] = [];
  private readonly shipments = new Map<bigint, Shipment>();

  async open(requests: readonly ShipmentRequest[]): Promise<Map<bigint, string>> {
    const ids = new Map<bigint, string>();
    for (const request of requests) {
      this.opened.push(request);
      const shipmentId = `SHP-${this.opened.length}`;
      ids.set(request.orderId, shipmentId);
      this.shipments.set(request.orderId, { shipmentId, state: request.address ? "READY_TO_SHIP" : "PENDING_ADDRESS", address: request.address });
    }
    return ids;
  }

  async findByOrder(orderId: bigint): Promise<Shipment | null> {
    const shipment = this.shipments.get(orderId);
    return shipment ? { ...shipment } : null;
  }

  async shipTo(orderId: bigint, address: ShippingAddress): Promise<boolean> {
    const shipment = this.shipments.get(orderId);
    if (!shipment || shipment.state !== "PENDING_ADDRESS") return false;
    this.shipments.set(orderId, { ...shipment, state: "READY_TO_SHIP", address });
    return true;
  }

  /** Takes a copy of the shipments; calling what it returns puts them back (a rolled-back transaction). */
  snapshot(): () => void {
    const opened = [...this.opened];
    const shipments = new Map(this.shipments);
    return () => {
      this.opened.splice(0, this.opened.length, ...opened);
      this.shipments.clear();
      for (const [id, shipment] of shipments) this.shipments.set(id, shipment);
    };
  }

  addressOf(orderId: bigint): ShipmentRequest["address"] | undefined {
    return this.shipments.get(orderId)?.address ?? this.opened.find((s) => s.orderId === orderId)?.address;
  }
}
