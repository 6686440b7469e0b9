import type { Logger } from "../logging/logger";
import type { Metrics } from "./metrics";

/**
 * One info line per interval about the draws answered in it (by result), instead of one line per
 * draw: at a thousand draws a second, per-draw lines would cost the hot path and drown anomalies.
 * Silent when there were none.
 */
export function drawSummary(metrics: Metrics, log: Logger): () => Promise<void> {
  let previous = new Map<string, number>();
  let since = Date.now();
  return async () => {
    const totals = new Map<string, number>();
    for (const { labels, value } of (await metrics.draws.get()).values) {
      const result = String(labels.result);
      totals.set(result, (totals.get(result) ?? 0) + value);
    }
    const counts: Record<string, number> = {};
    let draws = 0;
    for (const [result, total] of totals) {
      const delta = total - (previous.get(result) ?? 0);
      if (delta > 0) counts[result] = delta;
      draws += delta;
    }
    const seconds = Math.max(1, Math.round((Date.now() - since) / 1000));
    previous = totals;
    since = Date.now();
    if (draws > 0) log.info({ draws, perSecond: Math.round(draws / seconds), byResult: counts, seconds }, "draws answered");
  };
}
