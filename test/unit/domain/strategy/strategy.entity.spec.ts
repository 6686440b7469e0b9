import { AwardType } from "../../../../src/domain/award/award-type";
import { RATE_SCALE } from "../../../../src/domain/strategy/award-rate.value-object";
import { Strategy, type AwardLineProps, type StrategyProps } from "../../../../src/domain/strategy/strategy.entity";
import { StrategyMode } from "../../../../src/domain/strategy/strategy-mode";
import { chiSquareTest, tally } from "../../../support/chi-square";
import { ScriptedRandomSource } from "../../../support/scripted-random-source";
import { SeededRandomSource } from "../../../support/seeded-random-source";
import { StrategyMother } from "../../../support/strategy.mother";

/** The error message Strategy.create returns for props, failing the test if it accepts them. */
function refusal(props: StrategyProps): string {
  const result = Strategy.create(props);
  if (result.ok) throw new Error("expected the strategy to be refused");
  expect(result.error.code).toBe("ILLEGAL_PARAMETER");
  return result.error.message;
}

function accepted(props: StrategyProps): Strategy {
  const result = Strategy.create(props);
  if (!result.ok) throw new Error(`expected the strategy to be accepted: ${result.error.message}`);
  return result.value;
}

/** The reference props with award line `index` changed. */
function withAward(index: number, change: Partial<Record<keyof AwardLineProps, unknown>>): StrategyProps {
  const props = StrategyMother.referenceProps();
  return { ...props, awards: props.awards.map((line, i) => (i === index ? ({ ...line, ...change } as AwardLineProps) : line)) };
}

describe("Strategy.create", () => {
  it("accepts the reference strategy, each award's surplus starting at its count", () => {
    const strategy = StrategyMother.reference();
    expect(strategy.strategyId).toBe(10001);
    expect(strategy.mode).toBe(StrategyMode.ENTIRETY);
    expect(strategy.awards.map((a) => [a.awardId, a.count, a.surplus, a.rate.toString()])).toEqual([
      ["1", 10, 10, "0.05"],
      ["2", 20, 20, "0.15"],
      ["3", 50, 50, "0.2"],
      ["4", 100, 100, "0.25"],
      ["5", 500, 500, "0.35"],
    ]);
    expect(strategy.award("4")).toMatchObject({ name: "AirPods", type: AwardType.DESC });
    expect(strategy.award("6")).toBeUndefined();
  });

  it("keeps a given surplus", () => {
    expect(accepted(withAward(0, { surplus: 3 })).award("1")?.surplus).toBe(3);
  });

  it("accepts SINGLE rates 0.1, 0.2 and 0.7, which sum to exactly 1", () => {
    const strategy = accepted(StrategyMother.withRates(StrategyMode.SINGLE, ["0.1", "0.2", "0.7"]));
    expect(strategy.awards.reduce((sum, a) => sum + a.rate.units, 0)).toBe(RATE_SCALE);
  });

  it("refuses SINGLE rates that sum to more than 1, even by 1e-10", () => {
    expect(refusal(StrategyMother.withRates(StrategyMode.SINGLE, ["0.1", "0.2", "0.7000000001"]))).toBe(
      "awards: SINGLE rates sum to 1.0000000001, more than 1",
    );
  });

  it("accepts ENTIRETY rates that sum to more than 1, since they are renormalised", () => {
    expect(accepted(StrategyMother.withRates(StrategyMode.ENTIRETY, ["1", "1", "0.5"])).awards).toHaveLength(3);
  });

  it("refuses ENTIRETY rates that are all zero: nobody could ever win", () => {
    expect(refusal(StrategyMother.withRates(StrategyMode.ENTIRETY, ["0", "0"]))).toBe("awards: ENTIRETY rates must sum to more than 0");
  });

  it("accepts a SINGLE strategy whose rates are all zero (every draw a loss)", () => {
    expect(accepted(StrategyMother.withRates(StrategyMode.SINGLE, ["0", "0"])).awards).toHaveLength(2);
  });

  it("refuses a rate with 11 decimals, naming the award line", () => {
    expect(refusal(withAward(2, { rate: "0.12345678901" }))).toBe("awards[2].rate: more than 10 decimal places");
  });

  it("refuses an award id used twice, naming both lines", () => {
    expect(refusal(withAward(3, { awardId: "2" }))).toBe('awards[3].awardId: "2" is already awards[1].awardId');
  });

  it.each<[string, (props: StrategyProps) => StrategyProps, string]>([
    ["a strategy id of 0", (p) => ({ ...p, strategyId: 0 }), "strategyId: must be a positive integer"],
    ["a fractional strategy id", (p) => ({ ...p, strategyId: 1.5 }), "strategyId: must be a positive integer"],
    ["an unknown mode", (p) => ({ ...p, mode: 3 as StrategyMode }), "mode: must be 1 (SINGLE) or 2 (ENTIRETY)"],
    ["a grant type other than immediate", (p) => ({ ...p, grantType: 2 as never }), "grantType: must be 1 (immediate)"],
    ["no awards", (p) => ({ ...p, awards: [] }), "awards: must hold at least one award"],
  ])("refuses %s", (_case, change, message) => {
    expect(refusal(change(StrategyMother.referenceProps()))).toBe(message);
  });

  it.each<[string, Partial<Record<keyof AwardLineProps, unknown>>, string]>([
    ["an empty award id", { awardId: "" }, "awards[1].awardId: must be a non-empty string"],
    ["a blank award id", { awardId: "  " }, "awards[1].awardId: must be a non-empty string"],
    ["an award id over 64 characters", { awardId: "x".repeat(65) }, "awards[1].awardId: must be at most 64 characters"],
    ["an unknown award type", { type: 9 }, "awards[1].type: must be 1 (DESC), 2 (REDEEM_CODE), 3 (COUPON) or 4 (PHYSICAL)"],
    ["a blank name", { name: " " }, "awards[1].name: must be a non-empty string"],
    ["a name over 128 characters", { name: "n".repeat(129) }, "awards[1].name: must be at most 128 characters"],
    ["content that is not text", { content: null }, "awards[1].content: must be a string"],
    ["a negative count", { count: -1 }, "awards[1].count: must be an integer from 0 to 2147483647"],
    ["a fractional count", { count: 2.5 }, "awards[1].count: must be an integer from 0 to 2147483647"],
    ["a surplus above the count", { count: 20, surplus: 21 }, "awards[1].surplus: must be an integer from 0 to count (20)"],
    ["a negative surplus", { surplus: -1 }, "awards[1].surplus: must be an integer from 0 to count (20)"],
    ["a rate above 1", { rate: "1.5" }, "awards[1].rate: must be between 0 and 1"],
    ["a negative rate", { rate: "-0.15" }, "awards[1].rate: must be between 0 and 1"],
    ["a rate that is a number, not a decimal string", { rate: 0.15 }, "awards[1].rate: not a decimal string such as \"0.05\": 0.15"],
  ])("refuses an award line with %s", (_case, change, message) => {
    expect(refusal(withAward(1, change))).toBe(message);
  });

  it("accepts an award id of exactly 64 characters, counting characters rather than UTF-16 units", () => {
    expect(accepted(withAward(0, { awardId: "🎁".repeat(64) })).awards[0].awardId).toHaveLength(128);
  });

  it("accepts a sold-out award line (count and surplus 0) and empty content", () => {
    expect(accepted(withAward(0, { count: 0, content: "" })).award("1")).toMatchObject({ count: 0, surplus: 0, content: "" });
  });

  it("keeps the empty-pool policy of a REDEEM_CODE award, and none on a line that does not name one", () => {
    const strategy = accepted(withAward(2, { type: AwardType.REDEEM_CODE, whenPoolEmpty: "FAIL" }));
    expect(strategy.award("3")?.whenPoolEmpty).toBe("FAIL");
    expect(strategy.award("1")?.whenPoolEmpty).toBeUndefined();
  });

  it("refuses an empty-pool policy on an award that has no code pool, naming the line", () => {
    expect(refusal(withAward(0, { type: AwardType.DESC, whenPoolEmpty: "GENERATE" }))).toBe(
      "awards[0].whenPoolEmpty: only REDEEM_CODE awards have a code pool; remove it from this award",
    );
  });

  it("refuses an empty-pool policy that is neither GENERATE nor FAIL", () => {
    expect(refusal(withAward(1, { type: AwardType.REDEEM_CODE, whenPoolEmpty: "generate" }))).toBe('awards[1].whenPoolEmpty: must be "GENERATE" or "FAIL"');
  });

  it("returns a refusal rather than throwing", () => {
    expect(() => Strategy.create({ ...StrategyMother.referenceProps(), awards: [] })).not.toThrow();
  });

  it("freezes its award lines, so a cached draw table can never go stale", () => {
    const strategy = StrategyMother.reference();
    expect(Object.isFrozen(strategy.awards)).toBe(true);
    expect(Object.isFrozen(strategy.awards[0])).toBe(true);
  });
});

describe("Strategy.draw", () => {
  it("draws with the algorithm of its mode", () => {
    // Same rates, same random point 0.5: ENTIRETY lands in award 2, SINGLE past the rates' sum (0.2).
    const rates = ["0.1", "0.1"];
    const entirety = accepted(StrategyMother.withRates(StrategyMode.ENTIRETY, rates));
    const single = accepted(StrategyMother.withRates(StrategyMode.SINGLE, rates));
    const entiretyRandom = new ScriptedRandomSource(1_000_000_000);
    expect(entirety.draw(new Set(), entiretyRandom)).toBe("2");
    expect(entiretyRandom.bounds).toEqual([2_000_000_000]);
    expect(single.draw(new Set(), new ScriptedRandomSource(RATE_SCALE / 2))).toBeNull();
  });
});

describe("Strategy.drawPreference", () => {
  const rates = ["0.5", "0.3", "0.2"];

  it("tries only the drawn award in SINGLE mode, and nothing for a loss", () => {
    const single = accepted(StrategyMother.withRates(StrategyMode.SINGLE, ["0.1", "0.1"]));
    expect(single.drawPreference(new Set(), new ScriptedRandomSource(0))).toEqual(["1"]);
    expect(single.drawPreference(new Set(), new ScriptedRandomSource(RATE_SCALE / 2))).toEqual([]);
  });

  it("in ENTIRETY mode, starts with the exact draw and then lists every other award in stock once", () => {
    const entirety = accepted(StrategyMother.withRates(StrategyMode.ENTIRETY, [...rates, "0"]));
    const random = new SeededRandomSource(11);
    for (let i = 0; i < 100; i++) {
      const order = entirety.drawPreference(new Set(["3"]), random);
      expect([...order].sort()).toEqual(["1", "2"]); // sold-out "3" and zero-rate "4" are never tried
    }
  });

  it("orders the fallbacks so that the first one still in stock wins at its renormalised rate (chi-square p > 0.01)", () => {
    // When the drawn award "1" turns out sold out, "2" must win 0.3/0.5 and "3" 0.2/0.5 of the time.
    const entirety = accepted(StrategyMother.withRates(StrategyMode.ENTIRETY, rates));
    const random = new SeededRandomSource(5);
    const seconds = tally(200_000, () => {
      for (;;) {
        const order = entirety.drawPreference(new Set(), random);
        if (order[0] === "1") return order[1];
      }
    });
    expect(chiSquareTest([seconds.get("2") ?? 0, seconds.get("3") ?? 0], [0.6, 0.4]).pValue).toBeGreaterThan(0.01);
  });
});
