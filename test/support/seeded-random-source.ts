import { assertRandomBound, type RandomSource } from "../../src/domain/strategy/random-source";

const TWO_POW_32 = 2 ** 32;
const TWO_POW_53 = 2 ** 53;

/**
 * A reproducible RandomSource for tests: sfc32 (Chris Doty-Humphrey's Small Fast Counting
 * generator, which passes PractRand), seeded through splitmix32 so that nearby seeds give
 * unrelated streams.
 *
 * nextInt joins two 32-bit outputs into a uniform 53-bit integer and rejects the top partial
 * block of 2^53 (rejection sampling), so `x % bound` has no modulo bias for any bound up to 2^48.
 */
export class SeededRandomSource implements RandomSource {
  private a: number;
  private b: number;
  private c: number;
  private d: number;
  private lastBound = Number.NaN; // never equal to a bound, so the first one is checked
  private limit = 0;

  constructor(readonly seed: number) {
    let state = seed >>> 0;
    const splitmix32 = (): number => {
      state = (state + 0x9e3779b9) >>> 0;
      let z = state;
      z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
      z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
      return (z ^ (z >>> 16)) >>> 0;
    };
    this.a = splitmix32();
    this.b = splitmix32();
    this.c = splitmix32();
    this.d = 1;
    // Let the counter stir the state before the first output is used.
    for (let i = 0; i < 15; i++) this.nextUint32();
  }

  nextInt(bound: number): number {
    // Draws repeat one bound millions of times: check it and work out its limit once.
    if (bound !== this.lastBound) {
      assertRandomBound(bound);
      this.lastBound = bound;
      // The largest multiple of bound not above 2^53; values at or past it are redrawn.
      this.limit = TWO_POW_53 - (TWO_POW_53 % bound);
    }
    for (;;) {
      const value = (this.nextUint32() >>> 11) * TWO_POW_32 + this.nextUint32();
      if (value < this.limit) return value % bound;
    }
  }

  /** One sfc32 step: a uniform integer in [0, 2^32). */
  nextUint32(): number {
    const result = (((this.a + this.b) | 0) + this.d) | 0;
    this.d = (this.d + 1) | 0;
    this.a = this.b ^ (this.b >>> 9);
    this.b = (this.c + (this.c << 3)) | 0;
    this.c = (this.c << 21) | (this.c >>> 11);
    this.c = (this.c + result) | 0;
    return result >>> 0;
  }
}
