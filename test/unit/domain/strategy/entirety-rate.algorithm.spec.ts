import { AwardRate } from "../../../../src/domain/strategy/award-rate.value-object";
import type { DrawLine } from "../../../../src/domain/strategy/draw-algorithm";
import { EntiretyRateAlgorithm } from "../../../../src/domain/strategy/entirety-rate.algorithm";
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

function frequencies(drawLines: readonly DrawLine[], outOfStock: ReadonlySet<string>, seed: number): Map<string, number> {
  const algorithm = new EntiretyRateAlgorithm();
  const random = new SeededRandomSource(seed);
  return tally(DRAWS, () => algorithm.draw(drawLines, outOfStock, random) ?? LOSS);
}

describe("EntiretyRateAlgorithm", () => {
  // DOMAIN.md's reference strategy 10001: IMac, iphone, ipad, AirPods, Book.
  const reference = lines({ "1": "0.05", "2": "0.15", "3": "0.20", "4": "0.25", "5": "0.35" });
  const ids = ["1", "2", "3", "4", "5"];
  const rates = [0.05, 0.15, 0.2, 0.25, 0.35];

  it("wins each award of the reference strategy at its rate, over 10^6 draws (chi-square p > 0.01)", () => {
    const counts = frequencies(reference, new Set(), 3003);
    expect(counts.get(LOSS)).toBeUndefined();
    expect(chiSquareTest(ids.map((id) => counts.get(id) ?? 0), rates).pValue).toBeGreaterThan(0.01);
  });

  it("renormalises over the awards still in stock when the iphone is sold out", () => {
    const counts = frequencies(reference, new Set(["2"]), 4004);
    expect(counts.get("2")).toBeUndefined();
    expect(counts.get(LOSS)).toBeUndefined();
    const remaining = 1 - 0.15;
    const expected = rates.map((rate, i) => (ids[i] === "2" ? 0 : rate / remaining));
    expect(chiSquareTest(ids.map((id) => counts.get(id) ?? 0), expected).pValue).toBeGreaterThan(0.01);
  });

  it("draws a point below the sum of the rates in stock, exactly", () => {
    const random = new ScriptedRandomSource(0);
    new EntiretyRateAlgorithm().draw(reference, new Set(["2", "5"]), random);
    expect(random.bounds).toEqual([5_000_000_000]);
  });

  it("lays the awards in stock end to end, skipping the sold-out ones", () => {
    const algorithm = new EntiretyRateAlgorithm();
    const soldOut = new Set(["2"]);
    const at = (point: number) => algorithm.draw(reference, soldOut, new ScriptedRandomSource(point));
    // IMac [0, 0.05), ipad [0.05, 0.25), AirPods [0.25, 0.5), Book [0.5, 0.85) in units of 1e-10.
    expect(at(0)).toBe("1");
    expect(at(500_000_000 - 1)).toBe("1");
    expect(at(500_000_000)).toBe("3");
    expect(at(2_500_000_000 - 1)).toBe("3");
    expect(at(2_500_000_000)).toBe("4");
    expect(at(5_000_000_000)).toBe("5");
    expect(at(8_500_000_000 - 1)).toBe("5");
  });

  it("never picks an award whose rate is zero", () => {
    const withZero = lines({ a: "0.1", z: "0", b: "0.1" });
    const algorithm = new EntiretyRateAlgorithm();
    const at = (point: number) => algorithm.draw(withZero, new Set(), new ScriptedRandomSource(point));
    expect(at(1_000_000_000 - 1)).toBe("a");
    expect(at(1_000_000_000)).toBe("b");
  });

  it("wins the last award in stock on every draw", () => {
    const algorithm = new EntiretyRateAlgorithm();
    const random = new SeededRandomSource(5);
    const lastOne = new Set(["1", "2", "3", "5"]);
    expect(new Set(Array.from({ length: 1000 }, () => algorithm.draw(reference, lastOne, random)))).toEqual(new Set(["4"]));
  });

  it("loses without drawing when every award is out of stock", () => {
    // No scripted values: asking the random source would throw.
    expect(new EntiretyRateAlgorithm().draw(reference, new Set(ids), new ScriptedRandomSource())).toBeNull();
  });

  it("loses when only zero-rate awards are left in stock", () => {
    const rest = lines({ a: "0.5", z: "0" });
    expect(new EntiretyRateAlgorithm().draw(rest, new Set(["a"]), new ScriptedRandomSource())).toBeNull();
  });

  it("builds one table per out-of-stock set, however the set is ordered or rebuilt", () => {
    let reads = 0;
    const counted = new Proxy([...reference], {
      get(target, property, receiver) {
        if (typeof property === "string" && /^\d+$/.test(property)) reads++;
        return Reflect.get(target, property, receiver);
      },
    });
    const algorithm = new EntiretyRateAlgorithm();
    const random = new SeededRandomSource(6);
    for (let i = 0; i < 500; i++) {
      algorithm.draw(counted, new Set(), random);
      algorithm.draw(counted, new Set(i % 2 ? ["2", "5"] : ["5", "2"]), random);
    }
    // Two sets, each table built by reading every line once.
    expect(reads).toBe(2 * reference.length);
    // And the cached tables still draw the right thing.
    expect(algorithm.draw(counted, new Set(["1", "3", "4", "5"]), random)).toBe("2");
  });
});
