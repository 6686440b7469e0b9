import { describeDrawOrderContract } from "../../contract/draw-order.contract";
import type { OrderTables } from "../../contract/order-tables";
import { describeOutboxContract } from "../../contract/outbox.contract";
import { describeShipmentContract } from "../../contract/shipment.contract";
import { InMemoryDrawOrderRepository } from "../../support/fakes/in-memory-draw-order-repository";
import { InMemoryOutboxRepository } from "../../support/fakes/in-memory-outbox-repository";
import { InMemoryShipmentRepository } from "../../support/fakes/in-memory-shipment-repository";

async function inMemoryOrderTables(): Promise<OrderTables> {
  const orders = new InMemoryDrawOrderRepository();
  const shipments = new InMemoryShipmentRepository(orders);
  return {
    orders,
    outbox: new InMemoryOutboxRepository(orders),
    shipments,
    given: async (order) => void orders.add(order),
    givenShipment: async (order, address) => shipments.open(order.orderId, address),
  };
}

describeDrawOrderContract("InMemoryDrawOrderRepository", inMemoryOrderTables);
describeOutboxContract("InMemoryOutboxRepository", inMemoryOrderTables);
describeShipmentContract("InMemoryShipmentRepository", inMemoryOrderTables);
