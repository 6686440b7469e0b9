import type { DrawLine } from "./draw-algorithm";

/**
 * Award intervals laid end to end in units of 1e-10: award i owns [end(i-1), end(i)). Built once
 * per lines (and out-of-stock set), then each draw is a binary search: O(log n), exact integers.
 */
export class CumulativeTable {
  private constructor(
    private readonly awardIds: readonly string[],
    private readonly ends: readonly number[],
  ) {}

  /** Zero-rate lines are left out: an empty interval can never be hit, so it need not be searched. */
  static of(lines: readonly DrawLine[]): CumulativeTable {
    const awardIds: string[] = [];
    const ends: number[] = [];
    let total = 0;
    for (const line of lines) {
      if (line.rate.isZero) continue;
      total += line.rate.units;
      awardIds.push(line.awardId);
      ends.push(total);
    }
    if (!Number.isSafeInteger(total)) throw new RangeError(`sum of rates is too large to draw from exactly: ${total} units`);
    return new CumulativeTable(awardIds, ends);
  }

  /** Sum of the rates in the table, in units. */
  get total(): number {
    return this.ends.length === 0 ? 0 : this.ends[this.ends.length - 1];
  }

  /** The award whose interval holds `point`; `point` must lie in [0, total). */
  awardAt(point: number): string {
    let low = 0;
    let high = this.ends.length - 1;
    while (low < high) {
      const middle = (low + high) >>> 1;
      if (this.ends[middle] > point) high = middle;
      else low = middle + 1;
    }
    return this.awardIds[low];
  }
}
