import type { Container } from "inversify";
import { loadConfig, type AppConfig } from "../../src/config/config";
import { buildContainer } from "../../src/container";
import { createLogger } from "../../src/infrastructure/logging/logger";
import { resolve } from "../../src/composition/token";
import { Role } from "../../src/composition/roles.module";

/** A whole service process, in-process, on a free loopback port, against the run's services. */
export interface RunningApp {
  config: AppConfig;
  container: Container;
  baseUrl: string;
  stop(): Promise<boolean>;
}

/**
 * Role api unless a test asks for another: the worker's jobs scan whole tables, and on the shared
 * test database they would move other test files' activities and re-send their invoices.
 */
export function testConfig(env: NodeJS.ProcessEnv = {}): AppConfig {
  return loadConfig({ ...process.env, ROLE: "api", HTTP_HOST: "127.0.0.1", HTTP_PORT: "0", ...env });
}

/**
 * `logLines`, when given, receives every log line the app writes (JSON) at `logLevel` and above,
 * whatever LOG_LEVEL says.
 */
export async function startApp(env: NodeJS.ProcessEnv = {}, logLines?: string[], logLevel: "info" | "debug" = "info"): Promise<RunningApp> {
  const config = testConfig(env);
  const log = logLines
    ? createLogger(logLevel, { test: true }, { write: (line: string) => void logLines.push(line) })
    : createLogger(config.logLevel, { test: true });
  const container = buildContainer(config, log);
  const runtime = resolve(container, Role.runtime);
  await runtime.start();
  const { port } = resolve(container, Role.httpServer).address;
  return { config, container, baseUrl: `http://127.0.0.1:${port}`, stop: () => runtime.stop() };
}

/** Polls `probe` until it returns true or `timeoutMs` passes; for state that settles asynchronously. */
export async function eventually(probe: () => Promise<boolean>, timeoutMs: number, intervalMs = 250): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await probe().catch(() => false)) return true;
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
  return probe().catch(() => false);
}
