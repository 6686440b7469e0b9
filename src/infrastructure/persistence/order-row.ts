import type { AwardType } from "../../domain/award/award-type";
import { DrawOrder, type OrderProgress, type ShippingAddress } from "../../domain/award/draw-order.entity";

/** A user_strategy_export row as pg returns it (BIGINT as decimal strings). */
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
  shipping_address: ShippingAddress | null;
  grant_state: number;
  mq_state: number;
  created_at: Date;
}

export function orderFromRow(row: OrderRow): DrawOrder {
  return DrawOrder.restore({
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
    takeId: BigInt(row.uuid),
    shippingAddress: row.shipping_address,
    grantState: row.grant_state as OrderProgress,
    mqState: row.mq_state as OrderProgress,
    createdAt: row.created_at,
  });
}
