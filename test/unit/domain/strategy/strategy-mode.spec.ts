import { StrategyMode, isStrategyMode, strategyModeFromName, strategyModeName } from "../../../../src/domain/strategy/strategy-mode";

describe("StrategyMode", () => {
  it("keeps the persisted numbers 1 SINGLE and 2 ENTIRETY", () => {
    expect(StrategyMode.SINGLE).toBe(1);
    expect(StrategyMode.ENTIRETY).toBe(2);
  });

  it("parses the REST names and nothing else", () => {
    expect(strategyModeFromName("SINGLE")).toBe(StrategyMode.SINGLE);
    expect(strategyModeFromName("ENTIRETY")).toBe(StrategyMode.ENTIRETY);
    for (const name of ["single", "1", "toString", "__proto__", ""]) expect(strategyModeFromName(name)).toBeUndefined();
  });

  it("names each mode as the API writes it", () => {
    expect(strategyModeName(StrategyMode.SINGLE)).toBe("SINGLE");
    expect(strategyModeName(StrategyMode.ENTIRETY)).toBe("ENTIRETY");
  });

  it("recognises stored values", () => {
    expect([0, 1, 2, 3, 1.5, "1"].map(isStrategyMode)).toEqual([false, true, true, false, false, false]);
  });
});
