import { ok, type Result } from "../../shared/result";
import type { RedeemCodeInventory } from "../ports/redeem-code-inventory.port";
import type { LocateError, RedeemCodePoolLocator, RedeemCodePoolOwner } from "./redeem-code-pool.locator";

export interface RedeemCodePoolStatus {
  total: number;
  used: number;
  free: number;
}

/** Read side of the redeem-code pools. */
export class RedeemCodeQueries {
  constructor(
    private readonly pools: RedeemCodePoolLocator,
    private readonly inventory: RedeemCodeInventory,
  ) {}

  async status(owner: RedeemCodePoolOwner): Promise<Result<RedeemCodePoolStatus, LocateError>> {
    const pool = await this.pools.locate(owner);
    if (!pool.ok) return pool;
    const { total, used } = await this.inventory.count(pool.value);
    return ok({ total, used, free: total - used });
  }
}
