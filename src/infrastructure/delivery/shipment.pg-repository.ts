import type { Pool, PoolClient } from "pg";
import { inTransaction } from "../persistence/pg-transaction";
import { AwardType } from "../../domain/award/award-type";
import type { ShippingAddress } from "../../domain/award/draw-order.entity";
import type { AddressOutcome, ShipmentRepository } from "../../domain/award/shipment.repository";

interface ShipmentRow {
  shipment_id: string;
  state: string;
  address: ShippingAddress | null;
}

export class PgShipmentRepository implements ShipmentRepository {
  constructor(private readonly pool: Pool) {}

  provideAddress(orderId: bigint, address: ShippingAddress): Promise<AddressOutcome> {
    return inTransaction(this.pool, (client) => this.provideWithin(client, orderId.toString(), JSON.stringify(address)));
  }

  private async provideWithin(client: PoolClient, orderId: string, address: string): Promise<AddressOutcome> {
    const locked = await client.query<{ award_type: number }>({
      name: "address-lock-order",
      text: "SELECT award_type FROM user_strategy_export WHERE order_id = $1::bigint FOR UPDATE",
      values: [orderId],
    });
    const order = locked.rows[0];
    if (!order) return { kind: "ORDER_NOT_FOUND" };
    if (order.award_type !== AwardType.PHYSICAL) return { kind: "NOT_PHYSICAL", awardType: order.award_type as AwardType };

    // Read after the lock, in its own statement, to see a shipment a grant committed while we waited.
    const found = await client.query<ShipmentRow>({
      name: "address-find-shipment",
      text: "SELECT shipment_id, state, address FROM award_shipment WHERE order_id = $1::bigint",
      values: [orderId],
    });
    const shipment = found.rows[0];
    if (!shipment) {
      await client.query({
        name: "address-save-on-order",
        text: "UPDATE user_strategy_export SET shipping_address = $2::jsonb, updated_at = now() WHERE order_id = $1::bigint",
        values: [orderId, address],
      });
      return { kind: "ADDRESS_SAVED" };
    }
    if (shipment.state !== "PENDING_ADDRESS") {
      return { kind: "ALREADY_ADDRESSED", shipmentId: shipment.shipment_id, address: shipment.address ?? {} };
    }
    await client.query({
      name: "address-complete-shipment",
      text: `WITH shipment AS (
               UPDATE award_shipment SET state = 'READY_TO_SHIP', address = $2::jsonb, updated_at = now()
               WHERE order_id = $1::bigint AND state = 'PENDING_ADDRESS' RETURNING order_id
             )
             UPDATE user_strategy_export SET shipping_address = $2::jsonb, grant_state = 1, updated_at = now()
             WHERE order_id = (SELECT order_id FROM shipment)`,
      values: [orderId, address],
    });
    return { kind: "SHIPMENT_ADDRESSED", shipmentId: shipment.shipment_id };
  }
}
