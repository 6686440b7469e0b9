import type { EmptyPoolPolicies, EmptyPoolPolicy } from "../../domain/award/empty-pool-policy";
import type { Queryable } from "../persistence/queryable";

/** Awards whose policy is kept in memory; past it the oldest are forgotten (and read again if needed). */
const MAX_CACHED = 10_000;

/**
 * The policies read so far, shared by every grant transaction of a process. An award is never
 * changed after its deploy (re-deploying is a conflict), so a policy read once holds for the life
 * of the process: the consumer's grant batches ask the database once per award, not once per batch.
 */
export class EmptyPoolPolicyCache {
  private readonly byAward = new Map<string, EmptyPoolPolicy>();

  constructor(
    /** REDEEM_CODE_WHEN_POOL_EMPTY: for awards with no policy (a campaign's award, an award deployed before policies). */
    readonly defaultPolicy: EmptyPoolPolicy,
  ) {}

  get(strategyId: number, awardId: string): EmptyPoolPolicy | undefined {
    return this.byAward.get(key(strategyId, awardId));
  }

  set(strategyId: number, awardId: string, policy: EmptyPoolPolicy): void {
    this.byAward.set(key(strategyId, awardId), policy);
    if (this.byAward.size > MAX_CACHED) this.byAward.delete(this.byAward.keys().next().value as string);
  }
}

/**
 * The empty-pool policy of each award, from the award table, read on the grant's own connection
 * (a second pooled connection per grant could starve the pool when every connection holds a grant).
 */
export class PgEmptyPoolPolicies implements EmptyPoolPolicies {
  constructor(
    private readonly db: Queryable,
    private readonly cache: EmptyPoolPolicyCache,
  ) {}

  async policyOf(strategyId: number, awardId: string): Promise<EmptyPoolPolicy> {
    // Campaign grants carry strategy 0: no award row, the deployment's default.
    if (strategyId === 0) return this.cache.defaultPolicy;
    const known = this.cache.get(strategyId, awardId);
    if (known) return known;
    const { rows } = await this.db.query<{ when_pool_empty: string | null }>({
      name: "award-when-pool-empty",
      text: "SELECT when_pool_empty FROM award WHERE strategy_id = $1::bigint AND award_id = $2::varchar",
      values: [strategyId, awardId],
    });
    const stored = rows[0]?.when_pool_empty;
    const policy = stored === "FAIL" || stored === "GENERATE" ? stored : this.cache.defaultPolicy;
    this.cache.set(strategyId, awardId, policy);
    return policy;
  }
}

function key(strategyId: number, awardId: string): string {
  return `${strategyId}\u0000${awardId}`;
}
