import type { Take } from "./take.entity";

export type TakeOutcome = { kind: "TAKEN"; take: Take } | { kind: "TAKE_LIMIT_REACHED" } | { kind: "OUT_OF_STOCK" };

/** Writes of the partake step. Each write is one transaction; stock never goes below zero. */
export interface PartakeRepository {
  /** An unused take of the user older than `takenBefore`: a draw that crashed half-way. */
  findUnusedTake(uId: string, activityId: number, takenBefore: Date): Promise<Take | null>;
  /**
   * In one transaction: counts the take against the user's limit, takes one unit of live stock
   * through `takeLiveStock` and records the take; then brings the activity's stored surplus in
   * line. Any refusal rolls all of it back. `takeLiveStock` gets the remaining stock as the
   * database knows it, read inside the transaction, to rebuild a missing live counter from
   * (never from a second connection: a burst holding every pooled connection would wait on itself).
   */
  recordTake(
    input: { takeId: bigint; uId: string; activityId: number; activityName: string; strategyId: number; takeCount: number },
    takeLiveStock: (remainingInDatabase: () => Promise<number>) => Promise<boolean>,
  ): Promise<TakeOutcome>;
}
