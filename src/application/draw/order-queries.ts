import type { DrawOrder, OrderDelivery } from "../../domain/award/draw-order.entity";
import type { DrawOrderRepository, UserOrdersQuery } from "../../domain/award/draw-order.repository";

/** An order as a reader sees it: the order and its delivery once granted. */
export interface OrderView {
  order: DrawOrder;
  delivery: OrderDelivery | null;
}

/** The read side of orders, for the REST routes and the CLI: nothing here changes an order. */
export class OrderQueries {
  constructor(private readonly orders: Pick<DrawOrderRepository, "findOrder" | "findDelivery" | "listByUser">) {}

  /** The order with its delivery, or null when there is no such order. */
  async order(orderId: bigint): Promise<OrderView | null> {
    const order = await this.orders.findOrder(orderId);
    if (!order) return null;
    return { order, delivery: await this.orders.findDelivery(orderId) };
  }

  /** A page of a user's orders, newest first, and how many there are. */
  ordersOfUser(uId: string, query: UserOrdersQuery): Promise<{ items: DrawOrder[]; total: number }> {
    return this.orders.listByUser(uId, query);
  }
}
