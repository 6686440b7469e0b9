import type { ActivityStock, StockRecords } from "../ports/activity-stock.port";
import type { Logger } from "../ports/logger.port";

export interface ReconcileSettings {
  /**
   * A unit pending this long whose take no row records surely belongs to a draw that died: no
   * statement can still commit it (longer than the statement timeout plus the wait for a connection).
   */
  pendingTimeoutMs: number;
}

export interface ReconcileSummary {
  activities: number;
  confirmed: number;
  givenBack: number;
  excluded: number;
}

/** Held units looked up below the live counter per pass at most; more wait for the next pass. */
const EXCLUDE_BATCH = 1000;

/**
 * Keeps the live stock exact whatever crashed (DOMAIN.md: after a fault, live units + committed
 * takes = stockCount), and the stored surplus in line with it:
 *  - a pending unit whose take row exists is confirmed; one whose take row is missing after the
 *    timeout is given back (its draw died between the live take and the commit);
 *  - units that committed takes hold although the live stock would hand them out (it was rebuilt
 *    while draws were in flight) are taken out of circulation;
 *  - the activity's stored stock_surplus_count is set to the units left.
 * Safe to run in several processes at once: every step is conditional in Redis or idempotent in SQL.
 */
export class ReconcileStockUseCase {
  constructor(
    private readonly stock: ActivityStock,
    private readonly records: StockRecords,
    private readonly settings: ReconcileSettings,
    private readonly log: Logger,
  ) {}

  async execute(): Promise<ReconcileSummary> {
    const summary: ReconcileSummary = { activities: 0, confirmed: 0, givenBack: 0, excluded: 0 };
    for (const activityId of await this.stock.trackedActivities()) {
      summary.activities++;
      const { confirmed, givenBack, uncommitted } = await this.resolvePending(activityId);
      summary.confirmed += confirmed;
      summary.givenBack += givenBack;
      summary.excluded += await this.excludeHeld(activityId);
      const view = await this.stock.view(activityId);
      if (view) await this.records.storeSurplus(activityId, view.next + view.free + uncommitted);
    }
    if (summary.givenBack + summary.excluded > 0) this.log.info({ ...summary }, "live stock reconciled: units of crashed draws given back or held units withdrawn");
    return summary;
  }

  private async resolvePending(activityId: number): Promise<{ confirmed: number; givenBack: number; uncommitted: number }> {
    const pending = await this.stock.pending(activityId);
    if (pending.length === 0) return { confirmed: 0, givenBack: 0, uncommitted: 0 };
    const held = new Set(await this.records.heldUnits(activityId, pending.map((p) => p.unit)));
    let confirmed = 0;
    let givenBack = 0;
    for (const p of pending) {
      if (held.has(p.unit)) {
        await this.stock.confirm(activityId, p.takeId);
        confirmed++;
      } else if (p.ageMs > this.settings.pendingTimeoutMs) {
        await this.stock.giveBack(activityId, p.takeId, p.unit);
        givenBack++;
      }
    }
    // Still pending and not committed: draws in flight; their units are not taken yet.
    return { confirmed, givenBack, uncommitted: pending.length - confirmed - givenBack };
  }

  private async excludeHeld(activityId: number): Promise<number> {
    const view = await this.stock.view(activityId);
    if (!view) return 0;
    const free = await this.stock.freeUnits(activityId);
    const held = [
      ...(await this.records.heldUnitsBelow(activityId, view.next, EXCLUDE_BATCH)),
      ...(await this.records.heldUnits(activityId, free)),
    ];
    await this.stock.exclude(activityId, held);
    return held.length;
  }
}
