import { randomUUID } from "node:crypto";
import { withLogContext } from "../shared/log-context";
import type { Logger } from "../infrastructure/logging/logger";
import type { Metrics } from "../infrastructure/metrics/metrics";
import { IntervalJob } from "../interfaces/worker/interval-job";

/** A scheduled job whose runs are counted in lottery_job_runs_total and logged under a request id of their own. */
export function meteredJob(
  log: Logger,
  metrics: Metrics,
  name: string,
  intervalMs: number,
  run: () => Promise<unknown>,
  options: { busyShare?: number } = {},
): IntervalJob {
  return new IntervalJob({
    name,
    intervalMs,
    busyShare: options.busyShare,
    log,
    run: () =>
      withLogContext({ requestId: `${name}-${randomUUID()}` }, async () => {
        try {
          await run();
          metrics.jobRuns.inc({ job: name, outcome: "ok" });
        } catch (error) {
          metrics.jobRuns.inc({ job: name, outcome: "failed" });
          throw error;
        }
      }),
  });
}
