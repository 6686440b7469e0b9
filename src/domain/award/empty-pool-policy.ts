/**
 * What a REDEEM_CODE grant does when the award's pool has no free code left (DOMAIN.md), set per
 * award at deploy time: GENERATE a unique random code, or FAIL the grant into compensation (it is
 * dead-lettered with a task, and succeeds once an operator has imported codes).
 */
export type EmptyPoolPolicy = "GENERATE" | "FAIL";

export const EMPTY_POOL_POLICIES: readonly EmptyPoolPolicy[] = ["GENERATE", "FAIL"];

export function isEmptyPoolPolicy(value: unknown): value is EmptyPoolPolicy {
  return value === "GENERATE" || value === "FAIL";
}

/** The empty-pool policy of each award, as deployed (per strategy and award: award ids repeat across strategies). */
export interface EmptyPoolPolicies {
  /** The policy of the award; the deployment's default for an award that has none (a campaign's award, strategy 0). */
  policyOf(strategyId: number, awardId: string): Promise<EmptyPoolPolicy>;
}

