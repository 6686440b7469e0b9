/** An order that is to receive a redeem code. */
export interface CodeRecipient {
  orderId: bigint;
  uId: string;
}

/**
 * The redeem codes of each award (per strategy and award: award ids repeat across strategies).
 * A code goes to one order only, whatever races.
 */
export interface RedeemCodePool {
  /** Hands free codes of the award to as many of `recipients` as it has, oldest code to the first; the code of each order served. */
  handOutFree(strategyId: number, awardId: string, recipients: readonly CodeRecipient[]): Promise<Map<bigint, string>>;
  /** Records generated codes as handed out; the orders whose code the pool already had (they need another). */
  assignGenerated(strategyId: number, awardId: string, codes: ReadonlyMap<bigint, { uId: string; code: string }>): Promise<Set<bigint>>;
}
