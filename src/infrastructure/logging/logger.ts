import pino, { type Logger } from "pino";

export type { Logger };

/**
 * JSON logs on stdout. Anything that may carry a credential is redacted at the source, so a
 * careless `log.info({ config })` cannot leak a password or the operator token.
 */
export function createLogger(level: string, bindings: Record<string, unknown> = {}): Logger {
  return pino({
    level,
    base: { service: "lottery", pid: process.pid, ...bindings },
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
  });
}
