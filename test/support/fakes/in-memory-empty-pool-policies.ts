import type { EmptyPoolPolicies, EmptyPoolPolicy } from "../../../src/domain/award/empty-pool-policy";

/** Each award's empty-pool policy as deployed, in memory; counts the lookups so a test can see when the distributor asks. */
export class InMemoryEmptyPoolPolicies implements EmptyPoolPolicies {
  private readonly policies = new Map<string, EmptyPoolPolicy>();
  lookups = 0;

  constructor(private readonly defaultPolicy: EmptyPoolPolicy = "GENERATE") {}

  deploy(strategyId: number, awardId: string, policy: EmptyPoolPolicy): this {
    this.policies.set(`${strategyId}/${awardId}`, policy);
    return this;
  }

  async policyOf(strategyId: number, awardId: string): Promise<EmptyPoolPolicy> {
    this.lookups++;
    return this.policies.get(`${strategyId}/${awardId}`) ?? this.defaultPolicy;
  }
}
