import { CryptoRandomSource } from "../../../../src/infrastructure/random/crypto-random-source";

describe("CryptoRandomSource", () => {
  const source = new CryptoRandomSource();

  it("stays within [0, bound) for bounds from 1 to 2^48", () => {
    for (const bound of [1, 2, 10_000_000_000, 2 ** 48 - 1, 2 ** 48]) {
      const values = Array.from({ length: 500 }, () => source.nextInt(bound));
      expect(values.filter((value) => !(Number.isInteger(value) && value >= 0 && value < bound))).toEqual([]);
    }
  });

  it("always returns 0 for a bound of 1", () => {
    expect(Array.from({ length: 50 }, () => source.nextInt(1))).toEqual(Array(50).fill(0));
  });

  it("covers the whole of a 2^48 range, not only its low part", () => {
    // Each draw misses the top half with probability 1/2, so 200 misses in a row happen 1 time in 2^200.
    for (const bound of [2 ** 48 - 1, 2 ** 48]) {
      expect(Array.from({ length: 200 }, () => source.nextInt(bound)).some((value) => value >= bound / 2)).toBe(true);
    }
  });

  it("hits every value of a small bound", () => {
    // Missing one of 4 values in 1000 draws has probability about 4 * (3/4)^1000, i.e. never.
    expect(new Set(Array.from({ length: 1000 }, () => source.nextInt(4)))).toEqual(new Set([0, 1, 2, 3]));
  });

  it("refuses a bound outside [1, 2^48] rather than draw from a wrong range", () => {
    for (const bound of [0, -5, 2.5, 2 ** 48 + 1, Number.MAX_SAFE_INTEGER, Number.NaN]) {
      expect(() => source.nextInt(bound)).toThrow(RangeError);
    }
  });
});
