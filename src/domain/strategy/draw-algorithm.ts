import type { AwardRate } from "./award-rate.value-object";
import type { RandomSource } from "./random-source";

/** What a draw needs of an award line. A strategy's award lines are DrawLines as they stand. */
export interface DrawLine {
  readonly awardId: string;
  readonly rate: AwardRate;
}

/**
 * Picks an award, one implementation per StrategyMode.
 *
 * `lines` must not be mutated once drawn from: implementations cache a table per array
 * (Strategy hands out a frozen one).
 */
export interface DrawAlgorithm {
  /** The awardId won, or null for a loss. `outOfStock` holds awardIds with no surplus left. */
  draw(lines: readonly DrawLine[], outOfStock: ReadonlySet<string>, random: RandomSource): string | null;
}
