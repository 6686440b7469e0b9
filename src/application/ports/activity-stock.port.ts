export type StockTakeOutcome = "TAKEN" | "OUT_OF_STOCK";

/**
 * The live activity stock, shared by every API process. Taking is atomic, never goes below
 * zero and is idempotent per takeId (a retried take does not take twice).
 */
export interface ActivityStockCache {
  /**
   * Takes one unit for `takeId`. When the counter is missing (Redis restarted, first draw) it is
   * rebuilt from `remainingInDatabase` (never reset to full) and the take is tried again.
   */
  take(activityId: number, takeId: bigint, remainingInDatabase: () => Promise<number>): Promise<StockTakeOutcome>;
  /** Undoes the take of `takeId` (its database write failed); a no-op when it was not taken. */
  giveBack(activityId: number, takeId: bigint): Promise<void>;
  /** Units left, or null when the counter does not exist. */
  remaining(activityId: number): Promise<number | null>;
}
