import type { Pool, PoolClient } from "pg";
import type { AwardDistributor, GrantOutcome, GrantRequest } from "../../domain/award/award-distributor";
import { AwardType } from "../../domain/award/award-type";
import { grantOnce, type EffectResult, type GrantEffect, type LockedOrder } from "./grant-transaction";

/** A text prize: the text itself is the prize, so the grant records it and nothing else. */
export class DescDistributor implements AwardDistributor, GrantEffect {
  readonly awardType = AwardType.DESC;

  constructor(private readonly pool: Pool) {}

  grant(request: GrantRequest): Promise<GrantOutcome> {
    return grantOnce(this.pool, request, this);
  }

  async apply(_client: PoolClient, order: LockedOrder): Promise<EffectResult> {
    return { deliveryRef: `DESC-${order.orderId}`, detail: { text: order.awardContent }, complete: true };
  }
}
