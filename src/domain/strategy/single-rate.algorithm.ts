import { RATE_SCALE, formatRateUnits } from "./award-rate.value-object";
import { CumulativeTable } from "./cumulative-table";
import type { DrawAlgorithm, DrawLine } from "./draw-algorithm";
import { nextIntBelow, type RandomSource } from "./random-source";

/**
 * SINGLE mode: every award keeps its own probability whatever else is in stock. A point is drawn
 * in [0, 1) (in units of 1e-10); past the sum of the rates it is a loss, and landing on an award
 * that is out of stock is a loss too: that award's share goes to nobody.
 */
export class SingleRateAlgorithm implements DrawAlgorithm {
  // Stock does not move the intervals in this mode, so one table per lines array is enough. A
  // WeakMap, so a strategy that is no longer referenced takes its table with it.
  private readonly tables = new WeakMap<readonly DrawLine[], CumulativeTable>();

  draw(lines: readonly DrawLine[], outOfStock: ReadonlySet<string>, random: RandomSource): string | null {
    const table = this.tableFor(lines);
    const point = nextIntBelow(random, RATE_SCALE);
    if (point >= table.total) return null;
    const awardId = table.awardAt(point);
    return outOfStock.has(awardId) ? null : awardId;
  }

  private tableFor(lines: readonly DrawLine[]): CumulativeTable {
    let table = this.tables.get(lines);
    if (!table) {
      table = CumulativeTable.of(lines);
      // Strategy.create refuses such a strategy; reaching here means a caller skipped it.
      if (table.total > RATE_SCALE) throw new RangeError(`SINGLE rates sum to ${formatRateUnits(table.total)}, more than 1`);
      this.tables.set(lines, table);
    }
    return table;
  }
}
