import type { Container } from "inversify";
import type { AppConfig } from "../config/config";
import { buildContainer } from "../container";
import { createLogger } from "../infrastructure/logging/logger";

/** Connections a CLI command may use at once: it runs a statement or two at a time. */
const CLI_POOL_SIZE = 2;

/**
 * The service's own container for the CLI (src/interfaces/cli/cli-services.ts): the same slice
 * modules, a small pool, and no logs (a command prints its own lines).
 */
export function buildCliContainer(config: AppConfig): Container {
  return buildContainer({ ...config, database: { ...config.database, poolSize: CLI_POOL_SIZE } }, createLogger("silent"));
}
