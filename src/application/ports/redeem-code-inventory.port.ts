/** One award's pool: award ids repeat across strategies; a campaign's award has strategy 0. */
export interface RedeemCodePoolKey {
  strategyId: number;
  awardId: string;
}

export interface RedeemCodeCounts {
  /** Codes in the pool, imported or generated. */
  total: number;
  /** Codes handed to an order (generated codes are handed out as they are made). */
  used: number;
}

/** The operator's side of the redeem-code pools: filling them and counting them. */
export interface RedeemCodeInventory {
  /** Adds the codes the pool does not hold yet (a code twice in `codes` is added once); how many were new. */
  add(pool: RedeemCodePoolKey, codes: readonly string[]): Promise<number>;
  count(pool: RedeemCodePoolKey): Promise<RedeemCodeCounts>;
}
