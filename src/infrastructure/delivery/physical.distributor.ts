import type { Pool, PoolClient } from "pg";
import type { AwardDistributor, GrantOutcome, GrantRequest } from "../../domain/award/award-distributor";
import { AwardType } from "../../domain/award/award-type";
import type { ShippingAddress } from "../../domain/award/draw-order.entity";
import { grantOnce, insertWithFreshToken, randomBase32, type EffectResult, type GrantEffect, type LockedOrder } from "./grant-transaction";

/**
 * Creates the shipment of a PHYSICAL prize (award_shipment). With an address it is READY_TO_SHIP
 * and the grant is complete; without one it is PENDING_ADDRESS until the user gives one
 * (ProvideShippingAddressUseCase), and the order's grant_state stays INIT meanwhile.
 */
export class PhysicalDistributor implements AwardDistributor, GrantEffect {
  readonly awardType = AwardType.PHYSICAL;

  constructor(private readonly pool: Pool) {}

  grant(request: GrantRequest): Promise<GrantOutcome> {
    return grantOnce(this.pool, request, this);
  }

  async apply(client: PoolClient, order: LockedOrder, request: GrantRequest): Promise<EffectResult> {
    // The order row first: it holds the draw's address, or a newer one the user gave before
    // the invoice was consumed (PUT .../shipping-address), which the invoice cannot know.
    const address = usable(order.shippingAddress) ?? usable(request.shippingAddress);
    const state = address ? "READY_TO_SHIP" : "PENDING_ADDRESS";
    const shipmentId = await insertWithFreshToken(
      "shipment id",
      () => `SHP-${randomBase32(20)}`,
      async (id) => {
        const { rows } = await client.query<{ shipment_id: string }>({
          name: "shipment-create",
          text: `INSERT INTO award_shipment (shipment_id, order_id, u_id, award_id, address, state, updated_at)
                 VALUES ($1::varchar, $2::bigint, $3::varchar, $4::varchar, $5::jsonb, $6::varchar, now())
                 ON CONFLICT (shipment_id) DO NOTHING RETURNING shipment_id`,
          values: [id, order.orderId, order.uId, order.awardId, address ? JSON.stringify(address) : null, state],
        });
        return rows[0]?.shipment_id;
      },
    );
    // The state is not copied into the detail: it changes when the address comes, award_shipment has it.
    return { deliveryRef: shipmentId, detail: { shipmentId }, complete: address !== null };
  }

  async stillPending(client: PoolClient, order: LockedOrder): Promise<boolean> {
    const { rows } = await client.query<{ state: string }>({
      name: "shipment-state",
      text: "SELECT state FROM award_shipment WHERE order_id = $1::bigint",
      values: [order.orderId],
    });
    return rows[0]?.state === "PENDING_ADDRESS";
  }
}

/** An address with at least one field, or null: an empty object is no address to ship to. */
function usable(address: ShippingAddress | null): ShippingAddress | null {
  return address !== null && Object.keys(address).length > 0 ? address : null;
}
