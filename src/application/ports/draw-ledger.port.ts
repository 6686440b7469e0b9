import type { AwardType } from "../../domain/award/award-type";
import type { DrawOrder, ShippingAddress } from "../../domain/award/draw-order.entity";

/** Everything one draw writes, decided before it is written. */
export interface DrawEntry {
  takeId: bigint;
  /** The id the order gets if the draw wins. */
  orderId: bigint;
  uId: string;
  activityId: number;
  activityName: string;
  strategyId: number;
  strategyMode: number;
  grantType: number;
  /** Draws one user may make in the activity (takeCount). */
  takeLimit: number;
  /** The unit of activity stock this draw took from the live stock. */
  stockUnit: number;
  /** Awards in the order they are to be tried; the first with stock left is won. Empty: a loss. */
  candidates: string[];
  shippingAddress: ShippingAddress | null;
  idempotency: { key: string; requestHash: string } | null;
}

export interface WonAward {
  awardId: string;
  awardType: AwardType;
  awardName: string;
  awardContent: string;
}

export type LedgerOutcome =
  | { kind: "RECORDED"; ordinal: number; takenAt: Date; won: WonAward | null }
  /** The activity is not DOING or outside its window, by the database's state and clock. */
  | { kind: "NOT_OPEN" }
  | { kind: "TAKE_LIMIT_REACHED" }
  /** A committed take holds the unit already (or it is outside the stock): take another. */
  | { kind: "UNIT_ALREADY_USED" }
  /** This user's draw with this Idempotency-Key was recorded before. */
  | { kind: "IDEMPOTENCY_KEY_USED" };

/** A draw recorded earlier under an Idempotency-Key: enough to answer it again. */
export interface RecordedDraw {
  takeId: bigint;
  requestHash: string | null;
  order: DrawOrder | null;
}

/**
 * The database side of a draw: the take, the user's counter, the award's stock and the order,
 * written in one transaction (one statement) or not at all.
 *
 * `record` throws a DependencyUnavailableError when PostgreSQL is away; with `outcomeUnknown`
 * when the statement may have committed although no answer came. Any other error means the
 * server refused it: nothing was written.
 */
export interface DrawLedger {
  record(entry: DrawEntry): Promise<LedgerOutcome>;
  findByIdempotencyKey(uId: string, key: string): Promise<RecordedDraw | null>;
}
