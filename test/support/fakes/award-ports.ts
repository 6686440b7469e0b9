import type { AwardPorts } from "../../../src/domain/award/award-distributor";
import { InMemoryCouponIssuer } from "./in-memory-coupon-issuer";
import { InMemoryRedeemCodePool } from "./in-memory-redeem-code-pool";
import { InMemoryShipmentBook } from "./in-memory-shipment-book";

export interface FakeAwardPorts extends AwardPorts {
  codes: InMemoryRedeemCodePool;
  coupons: InMemoryCouponIssuer;
  shipments: InMemoryShipmentBook;
}

export function fakeAwardPorts(): FakeAwardPorts {
  return { codes: new InMemoryRedeemCodePool(), coupons: new InMemoryCouponIssuer(), shipments: new InMemoryShipmentBook() };
}
