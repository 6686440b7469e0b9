import { awardTypeName } from "../../domain/award/award-type";
import type { ShippingAddress } from "../../domain/award/draw-order.entity";
import type { ShipmentRepository } from "../../domain/award/shipment.repository";
import { DomainError } from "../../shared/domain-error";
import { err, ok, type Result } from "../../shared/result";

export type ShippingAddressErrorCode = "ORDER_NOT_FOUND" | "AWARD_NOT_PHYSICAL" | "SHIPPING_ADDRESS_CONFLICT";

/** Expected refusals of giving a shipping address; each code is its public REST code. */
export class ShippingAddressError extends DomainError<ShippingAddressErrorCode> {}

export interface AddressedOrder {
  orderId: bigint;
  /** READY_TO_SHIP: the shipment has this address. ADDRESS_SAVED: the grant to come will use it. */
  state: "READY_TO_SHIP" | "ADDRESS_SAVED";
  shipmentId?: string;
}

/**
 * The user gives the shipping address of a PHYSICAL prize won without one. It completes the
 * grant that waits for it, or, when the invoice has not been consumed yet, is kept on the order
 * for that grant. Giving the same address again is answered as the first time; a different one
 * after the shipment has its address is a conflict (it may be on its way).
 */
export class ProvideShippingAddressUseCase {
  constructor(private readonly shipments: ShipmentRepository) {}

  async execute(orderId: bigint, address: ShippingAddress): Promise<Result<AddressedOrder, ShippingAddressError>> {
    const outcome = await this.shipments.provideAddress(orderId, address);
    switch (outcome.kind) {
      case "ORDER_NOT_FOUND":
        return err(new ShippingAddressError("ORDER_NOT_FOUND", `order ${orderId} does not exist`));
      case "NOT_PHYSICAL":
        return err(
          new ShippingAddressError("AWARD_NOT_PHYSICAL", `order ${orderId} is a ${awardTypeName(outcome.awardType)} prize; only PHYSICAL prizes ship`),
        );
      case "ADDRESS_SAVED":
        return ok({ orderId, state: "ADDRESS_SAVED" });
      case "SHIPMENT_ADDRESSED":
        return ok({ orderId, state: "READY_TO_SHIP", shipmentId: outcome.shipmentId });
      case "ALREADY_ADDRESSED":
        if (sameAddress(outcome.address, address)) return ok({ orderId, state: "READY_TO_SHIP", shipmentId: outcome.shipmentId });
        return err(
          new ShippingAddressError(
            "SHIPPING_ADDRESS_CONFLICT",
            `shipment ${outcome.shipmentId} of order ${orderId} already has a different address; it can no longer be changed here`,
          ),
        );
    }
  }
}

/** Same fields with the same values, in any order (a JSONB column does not keep key order). */
function sameAddress(a: ShippingAddress, b: ShippingAddress): boolean {
  const keys = Object.keys(a);
  if (keys.length !== Object.keys(b).length) return false;
  return keys.every((key) => Object.hasOwn(b, key) && JSON.stringify(a[key]) === JSON.stringify(b[key]));
}
