import type { CodeRecipient, RedeemCodePool } from "../../../src/domain/award/redeem-code-pool.port";

interface PooledCode {
  code: string;
  orderId: bigint | null;
}

/** A redeem-code pool in memory, per (strategyId, awardId), oldest code first; codes are unique per award. */
export class InMemoryRedeemCodePool implements RedeemCodePool {
  private readonly awards = new Map<string, PooledCode[]>();

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
