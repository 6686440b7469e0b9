import { OrderQueries } from "../../../../src/application/draw/order-queries";
import { DrawOrderMother } from "../../../support/draw-order.mother";
import { InMemoryDrawOrderRepository } from "../../../support/fakes/in-memory-draw-order-repository";

describe("OrderQueries", () => {
  it("answers an order with its delivery once granted, and without one before", async () => {
    const orders = new InMemoryDrawOrderRepository();
    const waiting = DrawOrderMother.win({ orderId: 11n, uId: "u-1" });
    const granted = DrawOrderMother.win({ orderId: 12n, uId: "u-1" }, { deliveryRef: "CODE-1", deliveredAt: new Date("2026-12-01T10:00:00Z") });
    orders.add(waiting).add(granted);
    const queries = new OrderQueries(orders);

    expect(await queries.order(11n)).toMatchObject({ order: { orderId: 11n }, delivery: null });
    expect(await queries.order(12n)).toMatchObject({ order: { orderId: 12n }, delivery: { deliveryRef: "CODE-1" } });
    expect(await queries.order(13n)).toBeNull();
  });

  it("pages a user's orders newest first, with the total", async () => {
    const orders = new InMemoryDrawOrderRepository();
    for (let n = 1n; n <= 5n; n++) orders.add(DrawOrderMother.win({ orderId: 100n + n, uId: "u-2" }));
    orders.add(DrawOrderMother.win({ orderId: 200n, uId: "someone-else" }));
    const page = await new OrderQueries(orders).ordersOfUser("u-2", { page: 2, size: 2 });
    expect(page.total).toBe(5);
    expect(page.items.map((o) => o.orderId)).toEqual([103n, 102n]);
  });
});
