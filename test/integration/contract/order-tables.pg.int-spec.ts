import { PgShipmentBook } from "../../../src/infrastructure/delivery/shipment-book.pg-adapter";
import { PgDrawOrderRepository } from "../../../src/infrastructure/persistence/draw-order.pg-repository";
import { PgOutboxRepository } from "../../../src/infrastructure/persistence/outbox.pg-repository";
import { describeDrawOrderContract } from "../../contract/draw-order.contract";
import type { OrderTables } from "../../contract/order-tables";
import { describeOutboxContract } from "../../contract/outbox.contract";
import { describeShipmentBookContract } from "../../contract/shipment-book.contract";
import { useContractDatabase } from "../../support/contract-database";

const db = useContractDatabase(["award_shipment", "award_delivery", "user_strategy_export", "campaign_progress"]);

async function pgOrderTables(): Promise<OrderTables> {
  await db.empty();
  const pool = db.pool();
  return {
    orders: new PgDrawOrderRepository(pool),
    outbox: new PgOutboxRepository(pool),
    shipments: new PgShipmentBook(pool),
    given: async (order) => {
      const o = order.toProps();
      await pool.query(
        `INSERT INTO user_strategy_export (order_id, u_id, activity_id, strategy_id, strategy_mode, grant_type, award_id, award_type, award_name, award_content,
                                           uuid, campaign_id, shipping_address, grant_state, mq_state, created_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16)`,
        [o.orderId.toString(), o.uId, o.activityId, o.strategyId, o.strategyMode, o.grantType, o.awardId, o.awardType, o.awardName, o.awardContent,
          (o.takeId ?? o.orderId).toString(), o.campaignId, o.shippingAddress === null ? null : JSON.stringify(o.shippingAddress), o.grantState, o.mqState, o.createdAt],
      );
      const delivery = deliveryOf(order);
      if (delivery) {
        await pool.query(
          "INSERT INTO award_delivery (order_id, u_id, award_id, award_type, delivery_ref, detail, delivered_at) VALUES ($1, $2, $3, $4, $5, '{}', $6)",
          [o.orderId.toString(), o.uId, o.awardId, o.awardType, delivery.deliveryRef, delivery.deliveredAt],
        );
      }
    },
  };
}

/** The order's delivery as the mother built it, or null when it has none. */
function deliveryOf(order: Parameters<OrderTables["given"]>[0]) {
  try {
    return order.delivery;
  } catch {
    return null;
  }
}

describeDrawOrderContract("PgDrawOrderRepository", pgOrderTables);
describeOutboxContract("PgOutboxRepository", pgOrderTables);
describeShipmentBookContract("PgShipmentBook", pgOrderTables);
