import type { Pool, PoolClient } from "pg";
import { AwardType } from "../../domain/award/award-type";
import type { ShippingAddress } from "../../domain/award/draw-order.entity";
import type { AddressOutcome, ShipmentRepository } from "../../domain/award/shipment.repository";
import { PgDrawOrderRepository } from "../persistence/draw-order.pg-repository";
import { inTransaction } from "../persistence/pg-transaction";

interface ShipmentRow {
  shipment_id: string;
  state: string;
  address: ShippingAddress | null;
}

export class PgShipmentRepository implements ShipmentRepository {
  constructor(private readonly pool: Pool) {}

  provideAddress(orderId: bigint, address: ShippingAddress): Promise<AddressOutcome> {
    return inTransaction(this.pool, (client) => this.provideWithin(client, orderId, JSON.stringify(address)));
  }

  private async provideWithin(client: PoolClient, orderId: bigint, address: string): Promise<AddressOutcome> {
    const orders = new PgDrawOrderRepository(client);
    // The order's lock: a grant of the same order runs wholly before or after this.
    const order = (await orders.lockForGrant([orderId])).get(orderId);
    if (!order) return { kind: "ORDER_NOT_FOUND" };
    if (order.awardType !== AwardType.PHYSICAL) return { kind: "NOT_PHYSICAL", awardType: order.awardType };

    const found = await client.query<ShipmentRow>({
      name: "address-find-shipment",
      text: "SELECT shipment_id, state, address FROM award_shipment WHERE order_id = $1::bigint",
      values: [orderId.toString()],
    });
    const shipment = found.rows[0];
    if (shipment && shipment.state !== "PENDING_ADDRESS") {
      return { kind: "ALREADY_ADDRESSED", shipmentId: shipment.shipment_id, address: shipment.address ?? {} };
    }
    await client.query({
      name: "address-save-on-order",
      text: "UPDATE user_strategy_export SET shipping_address = $2::jsonb, updated_at = now() WHERE order_id = $1::bigint",
      values: [orderId.toString(), address],
    });
    // No shipment yet (the invoice is not consumed): the grant to come ships to this address.
    if (!shipment) return { kind: "ADDRESS_SAVED" };

    await client.query({
      name: "address-complete-shipment",
      text: "UPDATE award_shipment SET state = 'READY_TO_SHIP', address = $2::jsonb, updated_at = now() WHERE order_id = $1::bigint AND state = 'PENDING_ADDRESS'",
      values: [orderId.toString(), address],
    });
    const moved = order.addressProvided();
    if (!moved.ok) throw new Error(`shipment ${shipment.shipment_id} waited for its address, but ${moved.error.message}`);
    await orders.save([order]);
    return { kind: "SHIPMENT_ADDRESSED", shipmentId: shipment.shipment_id };
  }
}
