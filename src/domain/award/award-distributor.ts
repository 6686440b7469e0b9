import type { AwardType } from "./award-type";
import type { ShippingAddress } from "./draw-order.entity";

/** What a distributor needs to grant one won prize; built from a validated invoice. */
export interface GrantRequest {
  orderId: bigint;
  uId: string;
  activityId: number;
  awardId: string;
  awardType: AwardType;
  awardName: string;
  awardContent: string;
  shippingAddress: ShippingAddress | null;
}

export type GrantOutcome =
  /** The prize was granted now: its award_delivery row exists and grant_state is COMPLETE. */
  | { kind: "GRANTED"; deliveryRef: string }
  /** An earlier delivery of the same invoice granted it; nothing changed. */
  | { kind: "ALREADY_GRANTED"; deliveryRef: string }
  /** PHYSICAL without a shipping address: the shipment waits for PUT .../shipping-address. */
  | { kind: "PENDING_ADDRESS"; deliveryRef: string }
  /** No order with this id: the invoice does not belong to this system (dead-lettered). */
  | { kind: "ORDER_NOT_FOUND" };

/**
 * Grants one award type, idempotently per orderId: its effect, its one award_delivery row and
 * grant_state COMPLETE are written in one transaction, so a redelivered invoice changes nothing.
 * A transient failure is thrown (the consumer retries it).
 */
export interface AwardDistributor {
  readonly awardType: AwardType;
  grant(request: GrantRequest): Promise<GrantOutcome>;
}
