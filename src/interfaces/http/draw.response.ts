import type { DrawOutcome } from "../../application/draw/draw.use-case";
import { awardTypeName } from "../../domain/award/award-type";
import { GrantState, OrderProgress, type DrawOrder, type OrderDelivery } from "../../domain/award/draw-order.entity";

export function drawOutcomeJson(outcome: DrawOutcome) {
  if (outcome.result === "LOSE") return { result: "LOSE", takeId: outcome.takeId.toString() };
  const o = outcome.order.toProps();
  return {
    result: "WIN",
    orderId: o.orderId.toString(),
    takeId: outcome.takeId.toString(),
    award: { awardId: o.awardId, type: awardTypeName(o.awardType), name: o.awardName, content: o.awardContent },
  };
}

export function orderJson(order: DrawOrder) {
  const o = order.toProps();
  return {
    orderId: o.orderId.toString(),
    uId: o.uId,
    activityId: o.activityId,
    strategyId: o.strategyId,
    // A campaign grant has a campaign and no take (and activity 0).
    takeId: o.takeId?.toString() ?? null,
    campaignId: o.campaignId,
    award: { awardId: o.awardId, type: awardTypeName(o.awardType), name: o.awardName, content: o.awardContent },
    shippingAddress: o.shippingAddress,
    grantState: GrantState[o.grantState],
    mqState: OrderProgress[o.mqState],
    createdAt: o.createdAt.toISOString(),
  };
}

/** The delivery of an order once it is delivered; null before, and while a shipment awaits its address. */
export function deliveryJson(delivery: OrderDelivery | null) {
  if (!delivery || delivery.deliveredAt === null) return null;
  return { deliveryRef: delivery.deliveryRef, deliveredAt: delivery.deliveredAt.toISOString() };
}
