import type { AwardDistributor, AwardPorts, Distribution, GrantCandidate } from "../award-distributor";
import { AwardType } from "../award-type";
import type { ShippingAddress } from "../draw-order.entity";

/**
 * Opens the shipment of a PHYSICAL prize. With an address the prize is delivered (the shipment
 * is ready to ship); without one the order awaits its address and nothing is delivered yet.
 */
export class PhysicalDistributor implements AwardDistributor {
  readonly awardType = AwardType.PHYSICAL;

  async distribute(candidates: readonly GrantCandidate[], ports: AwardPorts): Promise<Distribution[]> {
    if (candidates.length === 0) return [];
    const requests = candidates.map(({ order, invoiceAddress }) => ({
      orderId: order.orderId,
      uId: order.uId,
      awardId: order.awardId,
      address: addressToShipTo(order.shippingAddress, invoiceAddress),
    }));
    const opened = await ports.shipments.open(requests);
    return requests.map(({ orderId, address }): Distribution => {
      const shipmentId = opened.get(orderId);
      if (!shipmentId) throw new Error(`the shipment book opened no shipment for order ${orderId}`);
      // The shipment's state is not copied into the detail: it changes when the address comes.
      return { orderId, kind: address ? "DELIVERED" : "AWAITING_ADDRESS", deliveryRef: shipmentId, detail: { shipmentId } };
    });
  }
}

/**
 * Which address wins: the order's own, because it holds the draw's address or a newer one the
 * user gave before the invoice was consumed (which the invoice cannot know); then the invoice's.
 * An address without fields is no address to ship to.
 */
export function addressToShipTo(orderAddress: ShippingAddress | null, invoiceAddress: ShippingAddress | null): ShippingAddress | null {
  return usable(orderAddress) ?? usable(invoiceAddress);
}

function usable(address: ShippingAddress | null): ShippingAddress | null {
  return address !== null && Object.keys(address).length > 0 ? address : null;
}
