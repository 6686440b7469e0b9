/**
 * Uniform random integers for draws.
 *
 * Injectable so that tests run on a seeded generator (reproducible outcomes and statistics) and
 * production on a crypto-grade one (no user can predict a draw from the draws before it).
 */
export interface RandomSource {
  /** A uniform integer in [0, bound); `bound` is a positive safe integer <= MAX_RANDOM_BOUND. */
  nextInt(bound: number): number;
}

/**
 * 2^48: wide enough for any sum of award rates (over 28,000 lines at rate 1, in units of 1e-10)
 * and still within what node:crypto draws without bias.
 */
export const MAX_RANDOM_BOUND = 2 ** 48;

/** For implementations: a bound outside the contract is a programming error, never a draw. */
export function assertRandomBound(bound: number): void {
  if (!Number.isSafeInteger(bound) || bound < 1 || bound > MAX_RANDOM_BOUND) {
    throw new RangeError(`random bound must be an integer in [1, 2^48], got ${bound}`);
  }
}

/** `random.nextInt(bound)`, checked: a source that breaks its contract would silently skew draws. */
export function nextIntBelow(random: RandomSource, bound: number): number {
  const value = random.nextInt(bound);
  // Comparisons alone (NaN fails them all): this runs on every draw.
  if (!(value >= 0 && value < bound && value % 1 === 0)) {
    throw new RangeError(`random source returned ${value}, outside [0, ${bound})`);
  }
  return value;
}
