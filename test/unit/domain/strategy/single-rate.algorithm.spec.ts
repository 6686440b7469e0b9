import { AwardRate, RATE_SCALE } from "../../../../src/domain/strategy/award-rate.value-object";
import type { DrawLine } from "../../../../src/domain/strategy/draw-algorithm";
import { SingleRateAlgorithm } from "../../../../src/domain/strategy/single-rate.algorithm";
import { chiSquareTest, tally } from "../../../support/chi-square";
import { ScriptedRandomSource } from "../../../support/scripted-random-source";
import { SeededRandomSource } from "../../../support/seeded-random-source";

const DRAWS = 1_000_000;
const LOSS = "loss";

function lines(rates: Record<string, string>): readonly DrawLine[] {
  return Object.entries(rates).map(([awardId, text]) => {
    const rate = AwardRate.parse(text);
    if (!rate.ok) throw new Error(rate.error.message);
    return { awardId, rate: rate.value };
  });
}

function units(text: string): number {
  const rate = AwardRate.parse(text);
  if (!rate.ok) throw new Error(rate.error.message);
  return rate.value.units;
}

/** Observed counts of each award and of losses over DRAWS seeded draws. */
function frequencies(drawLines: readonly DrawLine[], outOfStock: ReadonlySet<string>, seed: number): Map<string, number> {
  const algorithm = new SingleRateAlgorithm();
  const random = new SeededRandomSource(seed);
  return tally(DRAWS, () => algorithm.draw(drawLines, outOfStock, random) ?? LOSS);
}

describe("SingleRateAlgorithm", () => {
  // Rates of different magnitudes, down to 0.0005 (500 expected wins in 10^6), and a zero rate.
  const rates = { "1": "0.05", "2": "0.15", "3": "0.0125", "4": "0.0005", "5": "0" };
  const table = lines(rates);
  const lossRate = 1 - (0.05 + 0.15 + 0.0125 + 0.0005);

  it("wins each award at its own rate and loses the rest, over 10^6 draws (chi-square p > 0.01)", () => {
    const counts = frequencies(table, new Set(), 1001);
    const keys = ["1", "2", "3", "4", "5", LOSS];
    const result = chiSquareTest(
      keys.map((key) => counts.get(key) ?? 0),
      [0.05, 0.15, 0.0125, 0.0005, 0, lossRate],
    );
    expect(result.degreesOfFreedom).toBe(4);
    expect(result.pValue).toBeGreaterThan(0.01);
    expect(counts.get("5")).toBeUndefined();
  });

  it("gives an out-of-stock award's share to nobody: it becomes a loss", () => {
    const counts = frequencies(table, new Set(["2"]), 2002);
    const observed = ["1", "3", "4", LOSS].map((key) => counts.get(key) ?? 0);
    expect(counts.get("2")).toBeUndefined();
    // The other awards keep their own rates; award 2's 0.15 joins the loss.
    expect(chiSquareTest(observed, [0.05, 0.0125, 0.0005, lossRate + 0.15]).pValue).toBeGreaterThan(0.01);
    // Had the share been spread over the awards in stock (as ENTIRETY does), this would fit instead.
    const inStock = 0.05 + 0.0125 + 0.0005;
    const spread = [0.05, 0.0125, 0.0005].map((rate) => rate + (0.15 * rate) / inStock);
    expect(chiSquareTest(observed, [...spread, lossRate]).pValue).toBeLessThan(1e-6);
  });

  it("draws a point below 1 (in units of 1e-10) whatever the rates sum to", () => {
    const random = new ScriptedRandomSource(0);
    new SingleRateAlgorithm().draw(table, new Set(), random);
    expect(random.bounds).toEqual([RATE_SCALE]);
  });

  it("gives each award the half-open interval [previous end, its end)", () => {
    const algorithm = new SingleRateAlgorithm();
    const endOfFirst = units("0.05");
    const endOfSecond = endOfFirst + units("0.15");
    const endOfRates = endOfSecond + units("0.0125") + units("0.0005");
    const at = (point: number) => algorithm.draw(table, new Set(), new ScriptedRandomSource(point));
    expect(at(0)).toBe("1");
    expect(at(endOfFirst - 1)).toBe("1");
    expect(at(endOfFirst)).toBe("2");
    expect(at(endOfSecond - 1)).toBe("2");
    expect(at(endOfSecond)).toBe("3");
    expect(at(endOfRates - 1)).toBe("4");
    expect(at(endOfRates)).toBeNull();
    expect(at(RATE_SCALE - 1)).toBeNull();
  });

  it("turns a hit on an out-of-stock award into a loss and moves no other interval", () => {
    const algorithm = new SingleRateAlgorithm();
    const endOfFirst = units("0.05");
    const endOfSecond = endOfFirst + units("0.15");
    const soldOut = new Set(["2"]);
    const at = (point: number) => algorithm.draw(table, soldOut, new ScriptedRandomSource(point));
    expect(at(endOfFirst - 1)).toBe("1");
    expect(at(endOfFirst)).toBeNull();
    expect(at(endOfSecond - 1)).toBeNull();
    expect(at(endOfSecond)).toBe("3");
  });

  it("lets a rate of 1 win every draw", () => {
    const certain = lines({ only: "1" });
    expect(new SingleRateAlgorithm().draw(certain, new Set(), new ScriptedRandomSource(RATE_SCALE - 1))).toBe("only");
  });

  it("reads its lines once, however many draws and out-of-stock sets follow", () => {
    let reads = 0;
    const counted = new Proxy([...table], {
      get(target, property, receiver) {
        if (typeof property === "string" && /^\d+$/.test(property)) reads++;
        return Reflect.get(target, property, receiver);
      },
    });
    const algorithm = new SingleRateAlgorithm();
    const random = new SeededRandomSource(3);
    for (let i = 0; i < 1000; i++) algorithm.draw(counted, new Set(i % 2 ? ["1"] : []), random);
    expect(reads).toBe(table.length);
  });

  it("throws on lines whose rates sum to more than 1, which Strategy.create refuses", () => {
    expect(() => new SingleRateAlgorithm().draw(lines({ a: "0.6", b: "0.5" }), new Set(), new ScriptedRandomSource(0))).toThrow(/more than 1/);
  });

  it("throws when the random source breaks its contract instead of drawing a skewed result", () => {
    expect(() => new SingleRateAlgorithm().draw(table, new Set(), new ScriptedRandomSource(RATE_SCALE))).toThrow(RangeError);
  });
});
