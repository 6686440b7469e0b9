/**
 * Pearson's chi-square goodness-of-fit test, for checking draw frequencies against rates.
 * The p-value is the regularized upper incomplete gamma function Q(df/2, chi2/2), computed as in
 * Numerical Recipes (6.2): a series below a + 1, a continued fraction (modified Lentz) above.
 */

export interface ChiSquareResult {
  readonly statistic: number;
  readonly degreesOfFreedom: number;
  readonly pValue: number;
}

/**
 * Compares observed counts with expected probabilities (which must sum to 1). Cells with zero
 * probability are left out, and must have been observed zero times: one hit there is
 * impossible, not just unlikely.
 */
export function chiSquareTest(observed: readonly number[], probabilities: readonly number[]): ChiSquareResult {
  if (observed.length !== probabilities.length) throw new Error("observed and probabilities differ in length");
  const draws = observed.reduce((sum, count) => sum + count, 0);
  let statistic = 0;
  let cells = 0;
  probabilities.forEach((probability, i) => {
    if (probability === 0) {
      if (observed[i] !== 0) throw new Error(`cell ${i} has probability 0 but was observed ${observed[i]} times`);
      return;
    }
    const expected = draws * probability;
    statistic += (observed[i] - expected) ** 2 / expected;
    cells++;
  });
  const degreesOfFreedom = cells - 1;
  return { statistic, degreesOfFreedom, pValue: chiSquarePValue(statistic, degreesOfFreedom) };
}

/** P(X >= chi2) for X chi-square distributed with `df` degrees of freedom. */
export function chiSquarePValue(chi2: number, df: number): number {
  if (!(df > 0)) throw new RangeError(`degrees of freedom must be positive, got ${df}`);
  if (chi2 <= 0) return 1;
  return regularizedGammaQ(df / 2, chi2 / 2);
}

/** Q(a, x) = 1 - P(a, x) = Γ(a, x) / Γ(a). */
export function regularizedGammaQ(a: number, x: number): number {
  if (x < 0 || a <= 0) throw new RangeError(`Q(a, x) needs a > 0 and x >= 0, got a=${a} x=${x}`);
  if (x === 0) return 1;
  return x < a + 1 ? 1 - gammaPSeries(a, x) : gammaQContinuedFraction(a, x);
}

const EPSILON = 1e-15;
const TINY = 1e-300;
const MAX_ITERATIONS = 10_000;

function gammaPSeries(a: number, x: number): number {
  let term = 1 / a;
  let sum = term;
  for (let n = 1; n < MAX_ITERATIONS; n++) {
    term *= x / (a + n);
    sum += term;
    if (Math.abs(term) < Math.abs(sum) * EPSILON) return sum * Math.exp(-x + a * Math.log(x) - logGamma(a));
  }
  throw new Error(`gamma series did not converge for a=${a} x=${x}`);
}

function gammaQContinuedFraction(a: number, x: number): number {
  let b = x + 1 - a;
  let c = 1 / TINY;
  let d = 1 / b;
  let h = d;
  for (let i = 1; i < MAX_ITERATIONS; i++) {
    const an = -i * (i - a);
    b += 2;
    d = an * d + b;
    if (Math.abs(d) < TINY) d = TINY;
    c = b + an / c;
    if (Math.abs(c) < TINY) c = TINY;
    d = 1 / d;
    const delta = d * c;
    h *= delta;
    if (Math.abs(delta - 1) < EPSILON) return Math.exp(-x + a * Math.log(x) - logGamma(a)) * h;
  }
  throw new Error(`gamma continued fraction did not converge for a=${a} x=${x}`);
}

// Lanczos approximation (g = 7, n = 9), accurate to about 15 digits for a > 0.
const LANCZOS = [
  0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313, -176.61502916214059, 12.507343278686905,
  -0.13857109526572012, 9.9843695780195716e-6, 1.5056327351493116e-7,
];

export function logGamma(z: number): number {
  if (z < 0.5) return Math.log(Math.PI / Math.sin(Math.PI * z)) - logGamma(1 - z);
  const shifted = z - 1;
  let sum = LANCZOS[0];
  for (let i = 1; i < LANCZOS.length; i++) sum += LANCZOS[i] / (shifted + i);
  const t = shifted + 7.5;
  return 0.5 * Math.log(2 * Math.PI) + (shifted + 0.5) * Math.log(t) - t + Math.log(sum);
}

/** Counts how often each key was returned by `drawOnce` over `draws` calls. */
export function tally<K>(draws: number, drawOnce: () => K): Map<K, number> {
  const counts = new Map<K, number>();
  for (let i = 0; i < draws; i++) {
    const key = drawOnce();
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  return counts;
}
