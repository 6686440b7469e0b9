import { logLevel } from "kafkajs";
import { isSettlingError, kafkaLogCreator } from "../../../../src/infrastructure/kafka/kafka-log-creator";
import { createLogger } from "../../../../src/infrastructure/logging/logger";

/** Feeds kafkajs-shaped log entries through our creator and returns the pino levels they got. */
function levelsOf(entries: Array<{ level: logLevel; message: string; error?: string }>): Array<{ level: number; msg: string }> {
  const lines: string[] = [];
  const log = createLogger("trace", {}, { write: (line: string) => void lines.push(line) });
  const write = kafkaLogCreator(log)(logLevel.DEBUG);
  for (const { level, message, error } of entries) {
    write({ namespace: "Connection", level, label: "", log: { timestamp: "", message, ...(error ? { error } : {}) } });
  }
  return lines.map((line) => JSON.parse(line) as { level: number; msg: string }).map(({ level, msg }) => ({ level, msg }));
}

const ERROR = 50;
const WARN = 40;
const DEBUG = 20;

describe("kafkaLogCreator", () => {
  it("logs a fresh broker's coordinator still loading at debug, not error", () => {
    expect(
      levelsOf([
        { level: logLevel.ERROR, message: "Response FindCoordinator(key: lottery, version: 2)", error: "The group coordinator is not available" },
        { level: logLevel.ERROR, message: "Response JoinGroup(key: 11, version: 5)", error: "The coordinator is loading and hence can't process requests for this group" },
        { level: logLevel.ERROR, message: "Response Metadata(key: 3, version: 6)", error: "There is no leader for this topic-partition as we are in the middle of a leadership election" },
        { level: logLevel.ERROR, message: "Crash: KafkaJSProtocolError: The coordinator is loading and hence can't process requests for this group" },
      ]).map((line) => line.level),
    ).toEqual([DEBUG, DEBUG, DEBUG, DEBUG]);
  });

  it("keeps real errors at error and warnings at warn", () => {
    expect(
      levelsOf([
        { level: logLevel.ERROR, message: "Connection error: connect ECONNREFUSED 127.0.0.1:1" },
        { level: logLevel.ERROR, message: "Crash: KafkaJSNonRetriableError: Topic authorization failed" },
        { level: logLevel.ERROR, message: "Response Produce(key: 0, version: 7)", error: "The request included a message larger than the max message size the server will accept" },
        { level: logLevel.WARN, message: "KafkaJS v2.0.0 switched default partitioner" },
      ]),
    ).toEqual([
      { level: ERROR, msg: "Connection error: connect ECONNREFUSED 127.0.0.1:1" },
      { level: ERROR, msg: "Crash: KafkaJSNonRetriableError: Topic authorization failed" },
      { level: ERROR, msg: "Response Produce(key: 0, version: 7)" },
      { level: WARN, msg: "KafkaJS v2.0.0 switched default partitioner" },
    ]);
  });

  it("tells a crash on a settling answer from one on a real error by the error's type", () => {
    expect(isSettlingError({ name: "KafkaJSProtocolError", type: "GROUP_LOAD_IN_PROGRESS" })).toBe(true);
    expect(isSettlingError({ name: "KafkaJSProtocolError", type: "TOPIC_AUTHORIZATION_FAILED" })).toBe(false);
    expect(isSettlingError(new Error("The group coordinator is not available"))).toBe(false);
  });
});
