import { CumulativeTable } from "./cumulative-table";
import type { DrawAlgorithm, DrawLine } from "./draw-algorithm";
import { MAX_RANDOM_BOUND, nextIntBelow, type RandomSource } from "./random-source";

/** Distinct out-of-stock sets remembered per lines array before the memory is started afresh. */
const TABLES_PER_LINES = 64;

/**
 * ENTIRETY mode: the rates of the awards still in stock are renormalised to their sum, so the
 * user wins while any award with a non-zero rate has stock, and loses (null) only when none has.
 */
export class EntiretyRateAlgorithm implements DrawAlgorithm {
  // Tables cached per lines array (a WeakMap, so they go with their strategy), then per set of
  // out-of-stock ids keyed by content, not identity: callers build a fresh Set per request. Stock
  // only runs down, so a strategy sees a handful of sets; the cap bounds a caller that varies them.
  private readonly tables = new WeakMap<readonly DrawLine[], Map<string, CumulativeTable>>();

  draw(lines: readonly DrawLine[], outOfStock: ReadonlySet<string>, random: RandomSource): string | null {
    const table = this.tableFor(lines, outOfStock);
    if (table.total === 0) return null;
    return table.awardAt(nextIntBelow(random, table.total));
  }

  private tableFor(lines: readonly DrawLine[], outOfStock: ReadonlySet<string>): CumulativeTable {
    let byStock = this.tables.get(lines);
    if (!byStock) {
      byStock = new Map();
      this.tables.set(lines, byStock);
    }
    const key = stockKey(outOfStock);
    let table = byStock.get(key);
    if (!table) {
      table = CumulativeTable.of(lines.filter((line) => !outOfStock.has(line.awardId)));
      if (table.total > MAX_RANDOM_BOUND) throw new RangeError(`ENTIRETY rates sum to ${table.total} units, more than a draw can span`);
      if (byStock.size >= TABLES_PER_LINES) byStock.clear();
      byStock.set(key, table);
    }
    return table;
  }
}

/** The same key for the same ids in any order; length prefixes keep ids apart whatever they hold. */
function stockKey(outOfStock: ReadonlySet<string>): string {
  if (outOfStock.size === 0) return "";
  const ids = [...outOfStock];
  if (ids.length > 1) ids.sort();
  let key = "";
  for (const id of ids) key += `${id.length}:${id}`;
  return key;
}
