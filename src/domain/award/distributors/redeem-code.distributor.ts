import type { AwardDistributor, AwardPorts, Distribution, GrantCandidate } from "../award-distributor";
import { AwardType } from "../award-type";
import type { DrawOrder } from "../draw-order.entity";

export interface RedeemCodePolicy {
  /** A fresh random code; the pool refuses one it already has, and another is drawn. */
  generateCode: () => string;
}

const GENERATE_ATTEMPTS = 3;

/**
 * Hands out a redeem code from the award's pool, oldest first. When the pool runs dry the award's
 * own policy decides: generate a unique code, or refuse the grant (it is dead-lettered and
 * compensated, and succeeds once an operator has imported codes).
 */
export class RedeemCodeDistributor implements AwardDistributor {
  readonly awardType = AwardType.REDEEM_CODE;

  constructor(private readonly policy: RedeemCodePolicy) {}

  async distribute(candidates: readonly GrantCandidate[], ports: AwardPorts): Promise<Distribution[]> {
    const decided = new Map<bigint, Distribution>();
    for (const orders of groupByAward(candidates.map((c) => c.order))) {
      const { strategyId, awardId } = orders[0];
      const fromPool = await ports.codes.handOutFree(strategyId, awardId, orders);
      for (const [orderId, code] of fromPool) decided.set(orderId, delivered(orderId, code, "POOL"));
      const left = orders.filter((order) => !fromPool.has(order.orderId));
      if (left.length === 0) continue;
      // Asked only when the pool could not serve every order: a pool with codes costs no lookup.
      if ((await ports.poolPolicies.policyOf(strategyId, awardId)) === "FAIL") {
        for (const order of left) {
          decided.set(order.orderId, { orderId: order.orderId, kind: "REFUSED", reason: emptyPoolReason(strategyId, awardId) });
        }
        continue;
      }
      for (const [orderId, code] of await this.generate(ports, strategyId, awardId, left)) decided.set(orderId, delivered(orderId, code, "GENERATED"));
    }
    return candidates.map(({ order }) => {
      const distribution = decided.get(order.orderId);
      if (!distribution) throw new Error(`no redeem code decision for order ${order.orderId}`);
      return distribution;
    });
  }

  /** Generated codes for `orders`, drawing again for the few that collide with a code the pool has. */
  private async generate(ports: AwardPorts, strategyId: number, awardId: string, orders: DrawOrder[]): Promise<Map<bigint, string>> {
    const assigned = new Map<bigint, string>();
    let pending = orders;
    for (let attempt = 1; pending.length > 0; attempt++) {
      if (attempt > GENERATE_ATTEMPTS) throw new Error(`could not generate a free redeem code in ${GENERATE_ATTEMPTS} attempts`);
      const codes = new Map(pending.map((order) => [order.orderId, { uId: order.uId, code: this.policy.generateCode() }]));
      const taken = await ports.codes.assignGenerated(strategyId, awardId, codes);
      for (const [orderId, { code }] of codes) if (!taken.has(orderId)) assigned.set(orderId, code);
      pending = pending.filter((order) => taken.has(order.orderId));
    }
    return assigned;
  }
}

/** Says what to do: the compensation task grants the order once the pool has codes again. */
function emptyPoolReason(strategyId: number, awardId: string): string {
  return `the redeem code pool of award ${awardId} (strategy ${strategyId}) is empty and its policy is FAIL: import codes, then the compensation task grants the order`;
}

function delivered(orderId: bigint, code: string, source: "POOL" | "GENERATED"): Distribution {
  return { orderId, kind: "DELIVERED", deliveryRef: code, detail: { code, source } };
}

function groupByAward(orders: DrawOrder[]): DrawOrder[][] {
  const groups = new Map<string, DrawOrder[]>();
  for (const order of orders) {
    const key = `${order.strategyId}\u0000${order.awardId}`;
    const group = groups.get(key);
    if (group) group.push(order);
    else groups.set(key, [order]);
  }
  return [...groups.values()];
}
