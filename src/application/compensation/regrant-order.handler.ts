import type { GrantRequest } from "../../domain/award/award-distributor";
import type { DrawOrder } from "../../domain/award/draw-order.entity";
import type { DrawOrderRepository } from "../../domain/award/draw-order.repository";
import { REGRANT_ORDER, type CompensationTask } from "../../domain/compensation/compensation-task.repository";
import type { DeliverInvoicesUseCase } from "../delivery/deliver-invoices.use-case";
import type { CompensationTaskHandler } from "./compensation-task-handler";

/**
 * Grants again an order whose grant failed for good (the consumer recorded the task with its
 * dead letter). The order row, not the task's context, is the source of the request: it is what
 * the grant locks and checks, and it holds the shipping address given since.
 */
export class RegrantOrderHandler implements CompensationTaskHandler {
  readonly bizType = REGRANT_ORDER;

  constructor(
    private readonly orders: DrawOrderRepository,
    private readonly deliver: DeliverInvoicesUseCase,
  ) {}

  async handle(task: CompensationTask): Promise<void> {
    const orderId = orderIdOf(task);
    const order = await this.orders.findOrder(orderId);
    if (!order) throw new Error(`${REGRANT_ORDER} task ${task.id}: order ${orderId} not found`);
    const outcome = await this.deliver.grantOne(grantRequestOf(order));
    // GRANTED, ALREADY_GRANTED and AWAITING_ADDRESS all leave nothing for this task to do:
    // a PHYSICAL prize then waits for the winner's address, not for a retry. A refusal throws.
    if (outcome.kind === "ORDER_NOT_FOUND") throw new Error(`${REGRANT_ORDER} task ${task.id}: order ${orderId} vanished during the grant`);
  }
}

function orderIdOf(task: CompensationTask): bigint {
  if (!/^\d{1,19}$/.test(task.bizId)) throw new Error(`${REGRANT_ORDER} task ${task.id}: biz_id "${task.bizId}" is not an order id`);
  return BigInt(task.bizId);
}

function grantRequestOf(order: DrawOrder): GrantRequest {
  const o = order.toProps();
  return {
    orderId: o.orderId,
    uId: o.uId,
    activityId: o.activityId,
    awardId: o.awardId,
    awardType: o.awardType,
    awardName: o.awardName,
    awardContent: o.awardContent,
    shippingAddress: o.shippingAddress,
  };
}
