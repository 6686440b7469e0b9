import type { ShippingAddress } from "../../domain/award/draw-order.entity";
import type { Shipment, ShipmentBook, ShipmentRequest } from "../../domain/award/shipment-book.port";
import type { Queryable } from "../persistence/queryable";
import { randomBase32 } from "./random-token";

const ATTEMPTS = 3;

/** Opens shipments in award_shipment, on the grant's transaction: READY_TO_SHIP with an address, PENDING_ADDRESS without. */
export class PgShipmentBook implements ShipmentBook {
  constructor(private readonly db: Queryable) {}

  async open(requests: readonly ShipmentRequest[]): Promise<Map<bigint, string>> {
    const opened = new Map<bigint, string>();
    let pending = [...requests];
    for (let attempt = 1; pending.length > 0; attempt++) {
      if (attempt > ATTEMPTS) throw new Error(`could not find a free shipment id in ${ATTEMPTS} random attempts`);
      const { rows } = await this.db.query<{ order_id: string; shipment_id: string }>({
        name: "shipment-open-many",
        text: `INSERT INTO award_shipment (shipment_id, order_id, u_id, award_id, address, state, updated_at)
               SELECT s, o, u, a, addr, CASE WHEN addr IS NULL THEN 'PENDING_ADDRESS' ELSE 'READY_TO_SHIP' END, now()
               FROM unnest($1::varchar[], $2::bigint[], $3::varchar[], $4::varchar[], $5::jsonb[]) AS x(s, o, u, a, addr)
               ON CONFLICT (shipment_id) DO NOTHING RETURNING order_id::text, shipment_id`,
        values: [
          pending.map(() => `SHP-${randomBase32(20)}`),
          pending.map((r) => String(r.orderId)),
          pending.map((r) => r.uId),
          pending.map((r) => r.awardId),
          pending.map((r) => (r.address ? JSON.stringify(r.address) : null)),
        ],
      });
      for (const row of rows) opened.set(BigInt(row.order_id), row.shipment_id);
      pending = pending.filter((r) => !opened.has(r.orderId));
    }
    return opened;
  }

  async findByOrder(orderId: bigint): Promise<Shipment | null> {
    const { rows } = await this.db.query<{ shipment_id: string; state: Shipment["state"]; address: ShippingAddress | null }>({
      name: "shipment-find-by-order",
      text: "SELECT shipment_id, state, address FROM award_shipment WHERE order_id = $1::bigint",
      values: [String(orderId)],
    });
    const row = rows[0];
    return row ? { shipmentId: row.shipment_id, state: row.state, address: row.address } : null;
  }

  async shipTo(orderId: bigint, address: ShippingAddress): Promise<boolean> {
    const { rowCount } = await this.db.query({
      name: "shipment-ship-to",
      text: "UPDATE award_shipment SET state = 'READY_TO_SHIP', address = $2::jsonb, updated_at = now() WHERE order_id = $1::bigint AND state = 'PENDING_ADDRESS'",
      values: [String(orderId), JSON.stringify(address)],
    });
    return rowCount === 1;
  }
}
