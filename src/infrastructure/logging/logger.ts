import pino, { type DestinationStream, type Logger } from "pino";
import { currentLogContext } from "../../shared/log-context";

export type { Logger };

/**
 * JSON logs on stdout. Anything that may carry a credential is redacted at the source, so a
 * careless `log.info({ config })` cannot leak a password or the operator token.
 */
export function createLogger(level: string, bindings: Record<string, unknown> = {}, destination?: DestinationStream): Logger {
  const options = {
    level,
    base: { service: "lottery", pid: process.pid, ...bindings },
    // The request id of the request being handled, on every line written while handling it.
    mixin: () => currentLogContext() ?? {},
    timestamp: pino.stdTimeFunctions.isoTime,
    redact: {
      paths: [
        "password",
        "*.password",
        "databaseUrl",
        "*.databaseUrl",
        "redisUrl",
        "*.redisUrl",
        "authorization",
        "*.authorization",
        "req.headers.authorization",
        "adminToken",
        "*.adminToken",
      ],
      censor: "***",
    },
  };
  return destination ? pino(options, destination) : pino(options);
}
