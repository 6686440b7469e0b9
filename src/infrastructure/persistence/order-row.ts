import type { AwardType } from "../../domain/award/award-type";
import { DrawOrder, type GrantState, type OrderDelivery, type OrderProgress, type ShippingAddress } from "../../domain/award/draw-order.entity";
import { deliveryFromRow, type DeliveryRow } from "./delivery-row";

/** A user_strategy_export row as pg returns it (BIGINT as decimal strings). The one mapper of that table. */
export interface OrderRow {
  order_id: string;
  u_id: string;
  activity_id: string;
  strategy_id: string;
  strategy_mode: number;
  grant_type: number;
  award_id: string;
  award_type: number;
  award_name: string;
  award_content: string;
  uuid: string;
  campaign_id: string | null;
  shipping_address: ShippingAddress | null;
  grant_state: number;
  mq_state: number;
  created_at: Date;
}

/** `delivery`: the order's award_delivery row (null for none); leave it out when it was not read. */
export function orderFromRow(row: OrderRow, delivery?: DeliveryRow | null): DrawOrder {
  const loaded: OrderDelivery | null | undefined = delivery === undefined ? undefined : delivery && deliveryFromRow(delivery);
  return DrawOrder.restore(
    {
      orderId: BigInt(row.order_id),
      uId: row.u_id,
      activityId: Number(row.activity_id),
      strategyId: Number(row.strategy_id),
      strategyMode: row.strategy_mode,
      grantType: row.grant_type,
      awardId: row.award_id,
      awardType: row.award_type as AwardType,
      awardName: row.award_name,
      awardContent: row.award_content,
      // A campaign grant's uuid is its grant key, not a take id.
      takeId: row.campaign_id === null ? BigInt(row.uuid) : null,
      campaignId: row.campaign_id === null ? null : Number(row.campaign_id),
      shippingAddress: row.shipping_address,
      grantState: row.grant_state as GrantState,
      mqState: row.mq_state as OrderProgress,
      createdAt: row.created_at,
    },
    loaded,
  );
}

/** The columns of OrderRow, for SELECTs that must not pick up columns the mapper does not know. */
export const ORDER_COLUMNS =
  "order_id, u_id, activity_id, strategy_id, strategy_mode, grant_type, award_id, award_type, award_name, award_content, uuid, campaign_id, shipping_address, grant_state, mq_state, created_at";
