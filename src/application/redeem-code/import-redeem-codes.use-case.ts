import { redeemCodeOf, type RedeemCodeLineProblem } from "../../domain/award/redeem-code-line";
import { ok, type Result } from "../../shared/result";
import { importLines, type LineImportTally } from "../line-import";
import type { RedeemCodeInventory } from "../ports/redeem-code-inventory.port";
import type { LocateError, RedeemCodePoolLocator, RedeemCodePoolOwner } from "./redeem-code-pool.locator";

export type ImportReport = Omit<LineImportTally<RedeemCodeLineProblem>, "written"> & { added: number };

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

    const { written, ...rest } = await importLines(
      lines,
      (line) => {
        const parsed = redeemCodeOf(line);
        return "problem" in parsed ? parsed : { item: parsed.code };
      },
      (codes) => this.inventory.add(pool.value, codes),
      onProgress,
    );
    return ok({ added: written, ...rest });
  }
}
