import { awardTypeName } from "../../domain/award/award-type";
import type { ShippingAddress } from "../../domain/award/draw-order.entity";
import { AwardType } from "../../domain/award/award-type";
import { DomainError } from "../../shared/domain-error";
import { err, ok, type Result } from "../../shared/result";
import type { TransactionScope, UnitOfWork } from "../ports/unit-of-work.port";

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
  constructor(private readonly uow: UnitOfWork) {}

  async execute(orderId: bigint, address: ShippingAddress): Promise<Result<AddressedOrder, ShippingAddressError>> {
    const outcome = await this.uow.run((tx) => provideAddress(tx, orderId, address));
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

/** What giving a shipping address to an order did, or why it did nothing. */
type AddressOutcome =
  | { kind: "ORDER_NOT_FOUND" }
  | { kind: "NOT_PHYSICAL"; awardType: AwardType }
  /** No shipment yet (the invoice is not consumed yet): the address is kept on the order for the grant to use. */
  | { kind: "ADDRESS_SAVED" }
  /** The shipment waited for this address: it is READY_TO_SHIP now and the order's grant is COMPLETE. */
  | { kind: "SHIPMENT_ADDRESSED"; shipmentId: string }
  /** The shipment had an address already; nothing changed. */
  | { kind: "ALREADY_ADDRESSED"; shipmentId: string; address: ShippingAddress };

/**
 * In one transaction, with the order row locked (a grant of the same order runs wholly before or
 * after): a waiting shipment ships to `address` and the grant completes; without a shipment only
 * the order keeps the address. A shipment that has an address already is left alone.
 */
async function provideAddress(tx: TransactionScope, orderId: bigint, address: ShippingAddress): Promise<AddressOutcome> {
  const order = (await tx.orders.lockForGrant([orderId])).get(orderId);
  if (!order) return { kind: "ORDER_NOT_FOUND" };
  if (order.awardType !== AwardType.PHYSICAL) return { kind: "NOT_PHYSICAL", awardType: order.awardType };
  const shipment = await tx.ports.shipments.findByOrder(orderId);
  if (shipment && shipment.state !== "PENDING_ADDRESS") return { kind: "ALREADY_ADDRESSED", shipmentId: shipment.shipmentId, address: shipment.address ?? {} };
  await tx.orders.saveShippingAddress(orderId, address);
  // No shipment yet (the invoice is not consumed): the grant to come ships to this address.
  if (!shipment) return { kind: "ADDRESS_SAVED" };
  await tx.ports.shipments.shipTo(orderId, address);
  const moved = order.addressProvided();
  if (!moved.ok) throw new Error(`shipment ${shipment.shipmentId} waited for its address, but ${moved.error.message}`);
  await tx.orders.save([order]);
  return { kind: "SHIPMENT_ADDRESSED", shipmentId: shipment.shipmentId };
}

/** Same fields with the same values, in any order (a JSONB column does not keep key order). */
function sameAddress(a: ShippingAddress, b: ShippingAddress): boolean {
  const keys = Object.keys(a);
  if (keys.length !== Object.keys(b).length) return false;
  return keys.every((key) => Object.hasOwn(b, key) && JSON.stringify(a[key]) === JSON.stringify(b[key]));
}
