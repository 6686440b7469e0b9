import { logLevel, type logCreator } from "kafkajs";
import type { Logger } from "../logging/logger";

/** Routes kafkajs's own log lines into our JSON logger instead of its console format. */
export function kafkaLogCreator(log: Logger): logCreator {
  return () =>
    ({ level, log: entry }) => {
      const { message, ...fields } = entry;
      const bound = { ...fields, component: "kafkajs" };
      if (level === logLevel.ERROR) log.error(bound, message);
      else if (level === logLevel.WARN) log.warn(bound, message);
      else if (level === logLevel.INFO) log.debug(bound, message);
      else log.trace(bound, message);
    };
}
