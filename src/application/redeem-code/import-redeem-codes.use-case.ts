import { redeemCodeOf, type RedeemCodeLineProblem } from "../../domain/award/redeem-code-line";
import { ok, type Result } from "../../shared/result";
import type { RedeemCodeInventory } from "../ports/redeem-code-inventory.port";
import type { LocateError, RedeemCodePoolLocator, RedeemCodePoolOwner } from "./redeem-code-pool.locator";

export interface ImportReport {
  added: number;
  duplicates: number;
  /** The first 100 bad lines, by line number (1-based). */
  invalid: Array<{ line: number; reason: RedeemCodeLineProblem }>;
  /** All bad lines, also those past the first 100. */
  invalidCount: number;
}

/** Codes written per statement: big enough to be cheap, small enough to keep memory flat. */
const BATCH = 5_000;
const MAX_REPORTED = 100;

/**
 * Adds codes to an award's pool, streamed: lines are read, checked and written a batch at a time,
 * so millions of lines take no more memory than one batch. A bad line is reported with its number
 * and skipped; a code the pool has already (from this import or an earlier one, free or used)
 * counts as a duplicate and adds nothing, so importing a file twice adds nothing the second time.
 */
export class ImportRedeemCodesUseCase {
  constructor(
    private readonly pools: RedeemCodePoolLocator,
    private readonly inventory: RedeemCodeInventory,
  ) {}

  async execute(owner: RedeemCodePoolOwner, lines: AsyncIterable<string>, onProgress?: (linesRead: number) => void): Promise<Result<ImportReport, LocateError>> {
    const pool = await this.pools.locate(owner);
    if (!pool.ok) return pool;

    const report: ImportReport = { added: 0, duplicates: 0, invalid: [], invalidCount: 0 };
    let batch: string[] = [];
    const flush = async () => {
      if (batch.length === 0) return;
      const added = await this.inventory.add(pool.value, batch);
      report.added += added;
      report.duplicates += batch.length - added;
      batch = [];
    };
    let number = 0;
    for await (const line of lines) {
      number++;
      const parsed = redeemCodeOf(line);
      if ("problem" in parsed) {
        report.invalidCount++;
        if (report.invalid.length < MAX_REPORTED) report.invalid.push({ line: number, reason: parsed.problem });
        continue;
      }
      batch.push(parsed.code);
      if (batch.length >= BATCH) {
        await flush();
        onProgress?.(number);
      }
    }
    await flush();
    onProgress?.(number);
    return ok(report);
  }
}
