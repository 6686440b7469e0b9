import type { OrderDelivery } from "../../domain/award/draw-order.entity";

/** The award_delivery columns an order's delivery is read from. The one mapper of that table. */
export interface DeliveryRow {
  order_id: string;
  delivery_ref: string;
  delivered_at: Date | null;
}

export function deliveryFromRow(row: DeliveryRow): OrderDelivery {
  return { deliveryRef: row.delivery_ref, deliveredAt: row.delivered_at };
}

export const DELIVERY_COLUMNS = "order_id::text, delivery_ref, delivered_at";
