import type { RedeemCodeCounts, RedeemCodeInventory, RedeemCodePoolKey } from "../../../src/application/ports/redeem-code-inventory.port";
import type { CodeRecipient, RedeemCodePool } from "../../../src/domain/award/redeem-code-pool.port";

interface PooledCode {
  code: string;
  orderId: bigint | null;
}

/**
 * award_redeem_code in memory, per (strategyId, awardId), oldest code first; codes are unique per
 * award. Both sides of it: the grant's pool and the operator's inventory.
 */
export class InMemoryRedeemCodePool implements RedeemCodePool, RedeemCodeInventory {
  private readonly awards = new Map<string, PooledCode[]>();
  /** The sizes of the batches add() was given, to check that imports are written in batches. */
  readonly addedBatches: number[] = [];

  stock(strategyId: number, awardId: string, codes: string[]): this {
    this.codesOf(strategyId, awardId).push(...codes.map((code) => ({ code, orderId: null })));
    return this;
  }

  async handOutFree(strategyId: number, awardId: string, recipients: readonly CodeRecipient[]): Promise<Map<bigint, string>> {
    const free = this.codesOf(strategyId, awardId).filter((c) => c.orderId === null);
    const handed = new Map<bigint, string>();
    recipients.slice(0, free.length).forEach((recipient, i) => {
      free[i].orderId = recipient.orderId;
      handed.set(recipient.orderId, free[i].code);
    });
    return handed;
  }

  async assignGenerated(strategyId: number, awardId: string, codes: ReadonlyMap<bigint, { uId: string; code: string }>): Promise<Set<bigint>> {
    const pool = this.codesOf(strategyId, awardId);
    const taken = new Set<bigint>();
    for (const [orderId, { code }] of codes) {
      if (pool.some((c) => c.code === code)) taken.add(orderId);
      else pool.push({ code, orderId });
    }
    return taken;
  }

  async add({ strategyId, awardId }: RedeemCodePoolKey, codes: readonly string[]): Promise<number> {
    this.addedBatches.push(codes.length);
    const pool = this.codesOf(strategyId, awardId);
    let added = 0;
    for (const code of codes) {
      if (pool.some((c) => c.code === code)) continue;
      pool.push({ code, orderId: null });
      added++;
    }
    return added;
  }

  async count({ strategyId, awardId }: RedeemCodePoolKey): Promise<RedeemCodeCounts> {
    const pool = this.codesOf(strategyId, awardId);
    return { total: pool.length, used: pool.filter((c) => c.orderId !== null).length };
  }

  /** The pool's codes, oldest first. */
  codes(strategyId: number, awardId: string): string[] {
    return this.codesOf(strategyId, awardId).map((c) => c.code);
  }

  /** The code each order holds, for intent-revealing asserts. */
  codeOf(strategyId: number, awardId: string, orderId: bigint): string | undefined {
    return this.codesOf(strategyId, awardId).find((c) => c.orderId === orderId)?.code;
  }

  freeCount(strategyId: number, awardId: string): number {
    return this.codesOf(strategyId, awardId).filter((c) => c.orderId === null).length;
  }

  private codesOf(strategyId: number, awardId: string): PooledCode[] {
    const key = `${strategyId}/${awardId}`;
    let codes = this.awards.get(key);
    if (!codes) this.awards.set(key, (codes = []));
    return codes;
  }
}
