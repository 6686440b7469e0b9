import { ConfigError, loadConfig } from "./config/config";
import { buildContainer } from "./container";
import { createLogger } from "./infrastructure/logging/logger";
import { resolve } from "./composition/token";
import { Role } from "./composition/roles.module";

/** Entry point: `node dist/src/main.js [api|consumer|worker|all]` (or ROLE=...). */
async function main(): Promise<void> {
  let config;
  try {
    config = loadConfig(process.env, { role: process.argv[2] });
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    process.stderr.write(`lottery: ${error.message}\n`);
    process.exit(2);
  }
  const log = createLogger(config.logLevel, { role: config.role });
  const container = buildContainer(config, log);
  const runtime = resolve(container, Role.runtime);

  let exiting = false;
  const shutdown = async (signal: string): Promise<void> => {
    if (exiting) return;
    exiting = true;
    log.info({ signal, boundMs: config.shutdownTimeoutMs }, "shutting down");
    const clean = await runtime.stop();
    log.info({ clean }, "stopped");
    process.exit(clean ? 0 : 1);
  };
  process.on("SIGTERM", () => void shutdown("SIGTERM"));
  process.on("SIGINT", () => void shutdown("SIGINT"));

  await runtime.start();
  const http = resolve(container, Role.httpServer);
  const { address, port } = http.address;
  log.info({ url: `http://${address}:${port}`, kafkaBrokers: config.kafka.brokers }, "lottery service started");
}

main().catch((error: unknown) => {
  process.stderr.write(`lottery: failed to start: ${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});
