// The delivery bench's report: everything measured so far (written as it stands even when the run
// stops early) and the summary lines printed at the end.
import os from "node:os";
import { type AwardType, awardTypeName } from "../src/domain/award/award-type";
import {
  ANCHOR,
  AWARD_TYPE_NAME,
  BACKLOG,
  CONSUMER_BATCH,
  CONSUMER_CONCURRENCY,
  DATABASE_URL,
  KAFKA_BROKERS,
  POOL_SIZE,
  PRODUCE_BATCH,
  PRODUCE_IN_FLIGHT,
  RAW_CLIENTS,
  RAW_SECONDS,
  redacted,
  SCANNER_BATCH,
  STUCK,
  TIMEOUT_S,
  USERS,
} from "./delivery-settings";

/** Everything measured so far; written as it stands even when the run stops early. */
export const report: Record<string, any> = {
  benchmark: "delivery",
  at: new Date().toISOString(),
  complete: false,
  machine: { cpus: os.cpus().length, cpuModel: os.cpus()[0]?.model, memoryGiB: Math.round(os.totalmem() / 2 ** 30), node: process.version },
  settings: {
    databaseUrl: redacted(DATABASE_URL),
    kafkaBrokers: KAFKA_BROKERS,
    backlog: BACKLOG,
    stuck: STUCK,
    awardType: AWARD_TYPE_NAME,
    consumerConcurrency: CONSUMER_CONCURRENCY,
    consumerBatch: CONSUMER_BATCH,
    rawInsert: { clients: RAW_CLIENTS, seconds: RAW_SECONDS },
    poolSize: POOL_SIZE,
    produceBatch: PRODUCE_BATCH,
    produceInFlight: PRODUCE_IN_FLIGHT,
    scannerBatch: SCANNER_BATCH,
    users: USERS,
    timeoutS: TIMEOUT_S,
  },
  anchor: ANCHOR,
};

/** What the run reached, one line per phase, ending with where the report file `file` is. */
export function summaryLines(awardType: AwardType, file: string) {
  return [
    `sizes: backlog ${BACKLOG}, stuck ${STUCK}, award ${awardTypeName(awardType)}, ${report.settings.topicPartitions} partitions, consumer concurrency ${CONSUMER_CONCURRENCY}, ${CONSUMER_BATCH} invoices per grant transaction, pool ${POOL_SIZE}`,
    report.ceiling && `ceiling: raw single-row INSERT ${report.ceiling.tps}/s (pgbench, ${report.ceiling.clients} clients, ${report.ceiling.seconds} s, one commit per row)`,
    report.produce && `produce: ${report.produce.invoicesPerSecond} invoices/s (${BACKLOG} in ${report.produce.seconds} s)`,
    report.drain &&
      `drain: ${report.drain.deliveriesPerSecond ?? 0} deliveries/s${report.drain.complete ? "" : " (INCOMPLETE)"} (${report.drain.granted ?? 0}/${BACKLOG} in ${report.drain.seconds ?? 0} s; steady ${report.drain.steadyDeliveriesPerSecond ?? "?"}/s)` +
        (report.drain.ratioToRawInsertTps === undefined ? "" : `, ${report.drain.ratioToRawInsertTps}x the raw insert TPS`) +
        (report.drain.cpuMsPerDelivery ? `; CPU per delivery: node ${report.drain.cpuMsPerDelivery.nodeMs} ms, postgres ${report.drain.cpuMsPerDelivery.postgresMs} ms` : ""),
    report.scanner &&
      (report.scanner.complete
        ? `scanner: re-send ${report.scanner.resendPerSecond}/s (${report.scanner.resendSeconds} s), re-send plus delivery ${report.scanner.resendAndDeliveriesPerSecond}/s (${report.scanner.resendAndDeliverySeconds} s)`
        : `scanner: INCOMPLETE, sent ${report.scanner.sent ?? 0}/${STUCK}, granted ${report.scanner.granted ?? 0}/${STUCK} after ${report.scanner.seconds ?? 0} s`),
    `anchor (seeds/000): ${ANCHOR.perSecond} coupons/s (${ANCHOR.coupons} in ${ANCHOR.seconds} s, ${ANCHOR.consumerThreads} consumer threads, a cluster)`,
    `report: ${file}`,
  ].filter(Boolean);
}
