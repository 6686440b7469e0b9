import { describeDrawOrderContract } from "../../contract/draw-order.contract";
import type { OrderTables } from "../../contract/order-tables";
import { describeOutboxContract } from "../../contract/outbox.contract";
import { describeShipmentBookContract } from "../../contract/shipment-book.contract";
import { InMemoryDrawOrderRepository } from "../../support/fakes/in-memory-draw-order-repository";
import { InMemoryOutboxRepository } from "../../support/fakes/in-memory-outbox-repository";
import { InMemoryShipmentBook } from "../../support/fakes/in-memory-shipment-book";

async function inMemoryOrderTables(): Promise<OrderTables> {
  const orders = new InMemoryDrawOrderRepository();
  return {
    orders,
    outbox: new InMemoryOutboxRepository(orders),
    shipments: new InMemoryShipmentBook(),
    given: async (order) => void orders.add(order),
  };
}

describeDrawOrderContract("InMemoryDrawOrderRepository", inMemoryOrderTables);
describeOutboxContract("InMemoryOutboxRepository", inMemoryOrderTables);
describeShipmentBookContract("InMemoryShipmentBook", inMemoryOrderTables);
