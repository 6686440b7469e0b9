import { logLevel, type logCreator } from "kafkajs";
import type { Logger } from "../logging/logger";

/**
 * Broker answers that mean "the cluster is still settling": a fresh broker creates
 * __consumer_offsets and loads its group coordinator on the first FindCoordinator, a topic just
 * created has no leader yet. kafkajs logs each at ERROR, then retries the request itself and
 * succeeds; were it to give up, the consumer crash is logged (kafka-client.ts) as the error it is.
 * So these go to debug: a normal first start logs no error.
 */
const SETTLING_TYPES = [
  "GROUP_COORDINATOR_NOT_AVAILABLE",
  "GROUP_LOAD_IN_PROGRESS",
  "NOT_COORDINATOR_FOR_GROUP",
  "LEADER_NOT_AVAILABLE",
  "NOT_LEADER_FOR_PARTITION",
  "UNKNOWN_TOPIC_OR_PARTITION",
  "REBALANCE_IN_PROGRESS",
];

/** The messages of those types, from kafkajs's own table (its only public form is the message it logs). */
function settlingMessages(): Set<string> {
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { errorCodes } = require("kafkajs/src/protocol/error") as { errorCodes: Array<{ type: string; message: string }> };
    return new Set(errorCodes.filter((e) => SETTLING_TYPES.includes(e.type)).map((e) => e.message));
  } catch {
    return new Set();
  }
}
const SETTLING = settlingMessages();

/** True when a kafkajs error is one of those answers (a KafkaJSProtocolError carries its type). */
export function isSettlingError(error: unknown): boolean {
  const type = (error as { type?: unknown } | undefined)?.type;
  return typeof type === "string" && SETTLING_TYPES.includes(type);
}

/**
 * True when a kafkajs log line only reports such an answer: a response it retries
 * (`error` is the answer's message), or a consumer that crashed on one (`Crash: <name>: <message>`),
 * which runConsumer (kafka-client.ts) restarts and logs itself.
 */
export function isSettlingNotice(entry: { message?: unknown; error?: unknown }): boolean {
  if (typeof entry.error === "string" && SETTLING.has(entry.error)) return true;
  if (typeof entry.message !== "string") return false;
  const crash = /^Crash: \w+: (.*)$/.exec(entry.message);
  return SETTLING.has(crash ? crash[1] : entry.message);
}

/** Routes kafkajs's own log lines into our JSON logger instead of its console format. */
export function kafkaLogCreator(log: Logger): logCreator {
  return () =>
    ({ level, log: entry }) => {
      const { message, ...fields } = entry;
      const bound = { ...fields, component: "kafkajs" };
      if (level === logLevel.ERROR && !isSettlingNotice(entry)) log.error(bound, message);
      else if (level === logLevel.WARN) log.warn(bound, message);
      else if (level <= logLevel.INFO) log.debug(bound, message);
      else log.trace(bound, message);
    };
}
