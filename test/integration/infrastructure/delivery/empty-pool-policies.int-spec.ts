import type { Pool, QueryConfig } from "pg";
import { EmptyPoolPolicyCache, PgEmptyPoolPolicies } from "../../../../src/infrastructure/delivery/empty-pool-policies.pg-adapter";
import type { Queryable } from "../../../../src/infrastructure/persistence/queryable";
import { createPgPool } from "../../../../src/infrastructure/persistence/pg-pool.factory";
import { uniqueId } from "../../../support/unique-id";

/** The pool, counting the statements sent through it. */
function counting(pool: Pool): { db: Queryable; statements: () => number } {
  let statements = 0;
  const db = {
    query: (config: QueryConfig) => {
      statements++;
      return pool.query(config);
    },
  } as unknown as Queryable;
  return { db, statements: () => statements };
}

describe("PgEmptyPoolPolicies (award.when_pool_empty)", () => {
  let pool: Pool;
  beforeAll(() => {
    pool = createPgPool(process.env.DATABASE_URL as string, 2);
  });
  afterAll(() => pool.end());

  async function award(strategyId: number, awardId: string, policy: string | null): Promise<void> {
    await pool.query("INSERT INTO strategy (strategy_id, strategy_mode, updated_at) VALUES ($1, 2, now()) ON CONFLICT DO NOTHING", [strategyId]);
    await pool.query("INSERT INTO award (strategy_id, award_id, award_type, award_name, when_pool_empty, updated_at) VALUES ($1, $2, 2, 'Gift', $3, now())", [strategyId, awardId, policy]);
  }

  it("reads each award's policy once and keeps it for every later grant of the process", async () => {
    const strategyId = uniqueId();
    await award(strategyId, "strict", "FAIL");
    await award(strategyId, "lenient", "GENERATE");
    const { db, statements } = counting(pool);
    const cache = new EmptyPoolPolicyCache("GENERATE");
    expect(await new PgEmptyPoolPolicies(db, cache).policyOf(strategyId, "strict")).toBe("FAIL");
    expect(await new PgEmptyPoolPolicies(db, cache).policyOf(strategyId, "strict")).toBe("FAIL");
    expect(await new PgEmptyPoolPolicies(db, cache).policyOf(strategyId, "lenient")).toBe("GENERATE");
    expect(statements()).toBe(2);
  });

  it("gives the deployment's default to an award deployed without a policy, to an unknown award, and to a campaign's award (strategy 0) without asking", async () => {
    const strategyId = uniqueId();
    await award(strategyId, "old", null);
    const { db, statements } = counting(pool);
    const policies = new PgEmptyPoolPolicies(db, new EmptyPoolPolicyCache("FAIL"));
    expect(await policies.policyOf(strategyId, "old")).toBe("FAIL");
    expect(await policies.policyOf(strategyId, "missing")).toBe("FAIL");
    expect(statements()).toBe(2);
    expect(await policies.policyOf(0, "campaign-award")).toBe("FAIL");
    expect(statements()).toBe(2);
  });
});
