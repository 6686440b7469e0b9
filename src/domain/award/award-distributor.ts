import type { AwardType } from "./award-type";
import type { CouponIssuer } from "./coupon-issuer.port";
import type { DrawOrder, ShippingAddress } from "./draw-order.entity";
import type { EmptyPoolPolicies } from "./empty-pool-policy";
import type { RedeemCodePool } from "./redeem-code-pool.port";
import type { ShipmentBook } from "./shipment-book.port";

/** What a grant needs, from a validated invoice (or, for a re-grant, from the order itself). */
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

/** An order to grant now: not delivered yet, and held by the grant's transaction. */
export interface GrantCandidate {
  order: DrawOrder;
  /** The address the invoice carried (the draw's); the order's own may be newer. */
  invoiceAddress: ShippingAddress | null;
}

/** What a distributor decided for one order. */
export type Distribution =
  | { orderId: bigint; kind: "DELIVERED"; deliveryRef: string; detail: Record<string, unknown> }
  /** PHYSICAL without an address: the shipment waits for PUT .../shipping-address. */
  | { orderId: bigint; kind: "AWAITING_ADDRESS"; deliveryRef: string; detail: Record<string, unknown> }
  /** An award-level failure (an empty code pool with the fail policy, a refused coupon). */
  | { orderId: bigint; kind: "REFUSED"; reason: string };

/** The ports distributors work through, bound to the grant's transaction by the caller. */
export interface AwardPorts {
  codes: RedeemCodePool;
  /** Each REDEEM_CODE award's policy for an empty pool, as deployed. */
  poolPolicies: EmptyPoolPolicies;
  coupons: CouponIssuer;
  shipments: ShipmentBook;
}

/**
 * The policy of one award type: decides what each order gets and has the ports write it, for a
 * whole batch at once. Exactly one Distribution per candidate. A thrown error is a failure of
 * the batch (retried), never a decision.
 */
export interface AwardDistributor {
  readonly awardType: AwardType;
  distribute(candidates: readonly GrantCandidate[], ports: AwardPorts): Promise<Distribution[]>;
}
