import { chiSquarePValue, chiSquareTest, logGamma } from "../../support/chi-square";

// Reference p-values from statistical tables and scipy.stats.chi2.sf.
describe("chi-square p-value", () => {
  it.each([
    [3.84, 1, 0.05004352124870519],
    [11.07, 5, 0.050009618622405425],
    [23.21, 10, 0.009997418959605042],
    [1, 1, 0.31731050786291115],
    [100, 100, 0.48119168452795674],
    [30, 3, 1.3800570312932553e-6],
  ])("gives P(X >= %p) with %p degrees of freedom as %p, as tables do", (chi2, df, expected) => {
    expect(chiSquarePValue(chi2, df)).toBeCloseTo(expected, 10);
  });

  it("matches the closed form exp(-x/2) for two degrees of freedom on both sides of the series/fraction switch", () => {
    for (const chi2 of [0.5, 1, 3.9, 4, 4.1, 20]) expect(chiSquarePValue(chi2, 2)).toBeCloseTo(Math.exp(-chi2 / 2), 12);
  });

  it("is 1 for a statistic of 0", () => {
    expect(chiSquarePValue(0, 4)).toBe(1);
  });

  it("computes log-gamma exactly enough for factorials and Γ(1/2) = √π", () => {
    expect(logGamma(5)).toBeCloseTo(Math.log(24), 12);
    expect(logGamma(0.5)).toBeCloseTo(Math.log(Math.sqrt(Math.PI)), 12);
  });
});

describe("chi-square goodness-of-fit test", () => {
  it("accepts counts that match the probabilities exactly", () => {
    const result = chiSquareTest([250, 250, 500], [0.25, 0.25, 0.5]);
    expect(result).toEqual({ statistic: 0, degreesOfFreedom: 2, pValue: 1 });
  });

  it("rejects counts that drift from the probabilities", () => {
    expect(chiSquareTest([5300, 4700], [0.5, 0.5]).pValue).toBeLessThan(1e-6);
  });

  it("leaves zero-probability cells out of the degrees of freedom", () => {
    expect(chiSquareTest([500, 0, 500], [0.5, 0, 0.5]).degreesOfFreedom).toBe(1);
  });

  it("refuses a hit in a zero-probability cell as impossible", () => {
    expect(() => chiSquareTest([499, 1, 500], [0.5, 0, 0.5])).toThrow(/probability 0/);
  });
});
