import type { AwardType } from "./award-type";
import type { DrawOrder, ShippingAddress } from "./draw-order.entity";

/**
 * The value of a `lottery_invoice` message (DOMAIN.md, "Draw order and invoice"). Ids travel as
 * decimal strings: a 64-bit snowflake does not fit a JSON number.
 */
export interface InvoiceMessage {
  orderId: string;
  uId: string;
  activityId: number;
  awardId: string;
  awardType: AwardType;
  awardName: string;
  awardContent: string;
  shippingAddress: ShippingAddress | null;
  extInfo: Record<string, unknown> | null;
}

export function invoiceOf(order: DrawOrder): InvoiceMessage {
  const o = order.toProps();
  return {
    orderId: o.orderId.toString(),
    uId: o.uId,
    activityId: o.activityId,
    awardId: o.awardId,
    awardType: o.awardType,
    awardName: o.awardName,
    awardContent: o.awardContent,
    shippingAddress: o.shippingAddress,
    // A campaign grant belongs to no activity (activityId 0): extInfo says which campaign it grants.
    extInfo: o.campaignId === null ? null : { campaignId: o.campaignId },
  };
}
