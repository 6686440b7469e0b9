import { AwardRate, RATE_SCALE } from "../../../../src/domain/strategy/award-rate.value-object";

function parsed(text: string): AwardRate {
  const result = AwardRate.parse(text);
  if (!result.ok) throw new Error(`expected ${text} to parse: ${result.error.message}`);
  return result.value;
}

function refusal(text: string, field?: string): string {
  const result = field === undefined ? AwardRate.parse(text) : AwardRate.parse(text, field);
  if (result.ok) throw new Error(`expected ${text} to be refused, got ${result.value.toString()}`);
  expect(result.error.code).toBe("ILLEGAL_PARAMETER");
  return result.error.message;
}

describe("AwardRate", () => {
  it.each([
    ["0.05", 500_000_000],
    ["0.0125", 125_000_000],
    ["0.0005", 5_000_000],
    ["0.3333333333", 3_333_333_333],
    ["0.0000000001", 1],
    ["1", RATE_SCALE],
    ["1.0000000000", RATE_SCALE],
    ["0", 0],
  ])("holds %s exactly as %d units of 1e-10", (text, units) => {
    expect(parsed(text).units).toBe(units);
  });

  it("sums 0.1 and 0.2 to exactly 0.3, where floats drift", () => {
    expect(0.1 + 0.2).not.toBe(0.3);
    expect(parsed("0.1").units + parsed("0.2").units).toBe(parsed("0.3").units);
  });

  it.each([
    ["0.0125", "0.0125"],
    ["0.50", "0.5"],
    ["1.0", "1"],
    ["00.25", "0.25"],
    ["0.000", "0"],
    ["0.3333333333", "0.3333333333"],
    ["0.05000000000", "0.05"],
  ])("writes %s canonically as %s", (text, canonical) => {
    expect(parsed(text).toString()).toBe(canonical);
    expect(JSON.stringify({ rate: parsed(text) })).toBe(`{"rate":"${canonical}"}`);
  });

  it("knows a zero rate from a tiny one", () => {
    expect(parsed("0").isZero).toBe(true);
    expect(parsed("0.0000000001").isZero).toBe(false);
  });

  it("compares by value, not by spelling", () => {
    expect(parsed("0.5").equals(parsed("0.500"))).toBe(true);
    expect(parsed("0.5").equals(parsed("0.5000000001"))).toBe(false);
  });

  it("refuses a rate with 11 decimal places", () => {
    expect(refusal("0.00000000001")).toBe("rate: more than 10 decimal places");
  });

  it("names the field it was told in its error", () => {
    expect(refusal("0.12345678901", "awards[2].rate")).toBe("awards[2].rate: more than 10 decimal places");
  });

  it.each(["", "abc", "0.", ".5", "1e-3", " 0.5", "0.5 ", "+0.5", "0,5", "0x1", "NaN", "Infinity", "½"])(
    "refuses %p as not a decimal string",
    (text) => {
      expect(refusal(text)).toMatch(/^rate: not a decimal string/);
    },
  );

  it.each(["-0.01", "-1", "1.0000000001", "2", "12345678901234567890.5"])("refuses %s as outside [0, 1]", (text) => {
    expect(refusal(text)).toBe("rate: must be between 0 and 1");
  });

  it("builds from units only within [0, 1]", () => {
    expect(AwardRate.fromUnits(125_000_000).toString()).toBe("0.0125");
    expect(() => AwardRate.fromUnits(RATE_SCALE + 1)).toThrow(RangeError);
    expect(() => AwardRate.fromUnits(0.5)).toThrow(RangeError);
  });
});
