import type { AwardDistributorFactory } from "../../domain/award/award-distributor.factory";
import type { GrantOutcome, GrantRequest } from "../../domain/award/award-distributor";
import { awardTypeName } from "../../domain/award/award-type";
import type { DrawOrderRepository } from "../../domain/award/draw-order.repository";
import { REGRANT_ORDER, type CompensationTaskRepository } from "../../domain/compensation/compensation-task.repository";

/** A failure retrying cannot fix (no distributor for the type): dead-letter at once. */
export class PermanentDeliveryError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "PermanentDeliveryError";
  }
}

/** Grants the prize of one invoice through the distributor of its award type. */
export class DeliverInvoiceUseCase {
  constructor(
    private readonly distributors: AwardDistributorFactory,
    private readonly orders: DrawOrderRepository,
    private readonly compensation: CompensationTaskRepository,
  ) {}

  async execute(request: GrantRequest): Promise<GrantOutcome> {
    const distributor = this.distributors.distributorFor(request.awardType);
    if (!distributor) throw new PermanentDeliveryError(`no distributor for award type ${request.awardType}`);
    return distributor.grant(request);
  }

  /**
   * The grant failed for good (retries ran out): the order shows grant_state FAIL and a
   * compensation task will grant it again later, so the won prize is not lost.
   */
  async giveUp(request: GrantRequest, reason: string, attempts: number): Promise<void> {
    await this.orders.markGrantFailed(request.orderId);
    await this.compensation.record({
      bizType: REGRANT_ORDER,
      bizId: request.orderId.toString(),
      context: {
        orderId: request.orderId.toString(),
        uId: request.uId,
        activityId: request.activityId,
        awardId: request.awardId,
        awardType: awardTypeName(request.awardType),
        attempts,
      },
      reason,
    });
  }
}
