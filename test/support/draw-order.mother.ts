import { AwardType } from "../../src/domain/award/award-type";
import { DrawOrder, GrantState, OrderProgress, type DrawOrderProps, type OrderDelivery } from "../../src/domain/award/draw-order.entity";

let next = 1000n;

/** Orders in the states a test needs, built as the repository restores them. */
export const DrawOrderMother = {
  win(overrides: Partial<DrawOrderProps> = {}, delivery: OrderDelivery | null = null): DrawOrder {
    next += 1n;
    return DrawOrder.restore(
      {
        orderId: next,
        uId: `user-${next}`,
        activityId: 100001,
        strategyId: 10001,
        strategyMode: 2,
        grantType: 1,
        awardId: "3",
        awardType: AwardType.DESC,
        awardName: "ipad",
        awardContent: "An ipad",
        takeId: next + 1_000_000n,
        campaignId: null,
        shippingAddress: null,
        grantState: GrantState.INIT,
        mqState: OrderProgress.INIT,
        createdAt: new Date("2026-12-01T00:00:00Z"),
        ...overrides,
      },
      delivery,
    );
  },
  ofType(awardType: AwardType, overrides: Partial<DrawOrderProps> = {}): DrawOrder {
    return DrawOrderMother.win({ awardType, ...overrides });
  },
  /** An order whose invoice send failed (mq_state FAIL): stuck for the scanner at once. */
  sendFailed(overrides: Partial<DrawOrderProps> = {}): DrawOrder {
    return DrawOrderMother.win({ mqState: OrderProgress.FAIL, ...overrides });
  },
  /** An order whose invoice reached the broker (mq_state COMPLETE). */
  sent(overrides: Partial<DrawOrderProps> = {}): DrawOrder {
    return DrawOrderMother.win({ mqState: OrderProgress.COMPLETE, ...overrides });
  },
  granted(): DrawOrder {
    return DrawOrderMother.win({ grantState: GrantState.COMPLETE }, { deliveryRef: "REF-1", deliveredAt: new Date("2026-12-01T00:01:00Z") });
  },
  awaitingAddress(): DrawOrder {
    return DrawOrderMother.win({ awardType: AwardType.PHYSICAL, grantState: GrantState.AWAITING_ADDRESS }, { deliveryRef: "SHP-1", deliveredAt: null });
  },
};
