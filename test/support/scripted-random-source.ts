import type { RandomSource } from "../../src/domain/strategy/random-source";

/**
 * A RandomSource that returns the values a test chose, in order, and records the bounds it was
 * asked for. Running out of values fails the test: the code under test drew more than expected.
 */
export class ScriptedRandomSource implements RandomSource {
  readonly bounds: number[] = [];
  private readonly values: number[];

  constructor(...values: number[]) {
    this.values = values;
  }

  nextInt(bound: number): number {
    this.bounds.push(bound);
    const value = this.values.shift();
    if (value === undefined) throw new Error(`ScriptedRandomSource: no value left for nextInt(${bound})`);
    return value;
  }
}
