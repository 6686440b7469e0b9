import type { ShipmentBook, ShipmentRequest } from "../../../src/domain/award/shipment-book.port";

/** A shipment book in memory: what was opened, with which address. */
export class InMemoryShipmentBook implements ShipmentBook {
  readonly opened: ShipmentRequest[] = [];

  async open(requests: readonly ShipmentRequest[]): Promise<Map<bigint, string>> {
    const ids = new Map<bigint, string>();
    for (const request of requests) {
      this.opened.push(request);
      ids.set(request.orderId, `SHP-${this.opened.length}`);
    }
    return ids;
  }

  addressOf(orderId: bigint): ShipmentRequest["address"] | undefined {
    return this.opened.find((s) => s.orderId === orderId)?.address;
  }
}
