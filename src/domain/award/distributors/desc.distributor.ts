import type { AwardDistributor, AwardPorts, Distribution, GrantCandidate } from "../award-distributor";
import { AwardType } from "../award-type";

/** A text prize: the text itself is the prize, so the grant records it and nothing else. */
export class DescDistributor implements AwardDistributor {
  readonly awardType = AwardType.DESC;

  async distribute(candidates: readonly GrantCandidate[], _ports?: AwardPorts): Promise<Distribution[]> {
    return candidates.map(({ order }) => ({
      orderId: order.orderId,
      kind: "DELIVERED",
      deliveryRef: `DESC-${order.orderId}`,
      detail: { text: order.awardContent },
    }));
  }
}
