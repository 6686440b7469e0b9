import type { AwardPorts } from "../../../src/domain/award/award-distributor";
import type { EmptyPoolPolicy } from "../../../src/domain/award/empty-pool-policy";
import { InMemoryCouponIssuer } from "./in-memory-coupon-issuer";
import { InMemoryEmptyPoolPolicies } from "./in-memory-empty-pool-policies";
import { InMemoryRedeemCodePool } from "./in-memory-redeem-code-pool";
import { InMemoryShipmentBook } from "./in-memory-shipment-book";

export interface FakeAwardPorts extends AwardPorts {
  codes: InMemoryRedeemCodePool;
  poolPolicies: InMemoryEmptyPoolPolicies;
  coupons: InMemoryCouponIssuer;
  shipments: InMemoryShipmentBook;
}

/** `defaultPolicy`: the empty-pool policy of awards not deployed with one (REDEEM_CODE_WHEN_POOL_EMPTY). */
export function fakeAwardPorts(defaultPolicy: EmptyPoolPolicy = "GENERATE"): FakeAwardPorts {
  return {
    codes: new InMemoryRedeemCodePool(),
    poolPolicies: new InMemoryEmptyPoolPolicies(defaultPolicy),
    coupons: new InMemoryCouponIssuer(),
    shipments: new InMemoryShipmentBook(),
  };
}
