import type { EmptyPoolPolicies, EmptyPoolPolicy } from "../../domain/award/empty-pool-policy";
import type { Queryable } from "../persistence/queryable";

/** Awards whose policy is kept in memory; past it the oldest are forgotten (and read again if needed). */
const MAX_CACHED = 10_000;

/**
 * The empty-pool policy of each award, from the award table. An award is never changed after its
 * deploy (re-deploying is a conflict), so a policy read once holds for the life of the process:
 * the consumer's grant batches ask the database once per award, not once per batch. A lookup that
 * fails is not kept, so an outage is retried by the next batch.
 */
export class PgEmptyPoolPolicies implements EmptyPoolPolicies {
  private readonly cache = new Map<string, Promise<EmptyPoolPolicy>>();

  constructor(
    private readonly db: Queryable,
    /** REDEEM_CODE_WHEN_POOL_EMPTY: for awards with no policy (a campaign's award, an award deployed before policies). */
    private readonly defaultPolicy: EmptyPoolPolicy,
  ) {}

  policyOf(strategyId: number, awardId: string): Promise<EmptyPoolPolicy> {
    // Campaign grants carry strategy 0: no award row, the deployment's default.
    if (strategyId === 0) return Promise.resolve(this.defaultPolicy);
    const key = `${strategyId}\u0000${awardId}`;
    const known = this.cache.get(key);
    if (known) return known;
    const lookup = this.read(strategyId, awardId);
    this.cache.set(key, lookup);
    if (this.cache.size > MAX_CACHED) this.cache.delete(this.cache.keys().next().value as string);
    lookup.catch(() => this.cache.delete(key));
    return lookup;
  }

  private async read(strategyId: number, awardId: string): Promise<EmptyPoolPolicy> {
    const { rows } = await this.db.query<{ when_pool_empty: string | null }>({
      name: "award-when-pool-empty",
      text: "SELECT when_pool_empty FROM award WHERE strategy_id = $1::bigint AND award_id = $2::varchar",
      values: [strategyId, awardId],
    });
    const stored = rows[0]?.when_pool_empty;
    return stored === "FAIL" || stored === "GENERATE" ? stored : this.defaultPolicy;
  }
}
