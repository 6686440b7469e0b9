import { rmSync } from "node:fs";
import Redis from "ioredis";
import { Client } from "pg";
import { pgPoolConfigFromUrl } from "../../src/infrastructure/persistence/pg-pool-config";
import { clearHarnessState, loadHarnessState } from "./harness-state";
import { removeContainers } from "./containers";
import { stopLocalBroker } from "./services";

/** Stops what global setup started, each step on its own so one failure does not leak the rest. */
export default async function globalTeardown(): Promise<void> {
  const state = loadHarnessState();
  if (!state?.runId) return;
  const steps: Array<[string, () => Promise<unknown>]> = [];
  const kafka = state.kafka;
  if (kafka?.source === "local-broker") steps.push(["stop local Kafka broker", () => stopLocalBroker(kafka.dataDir)]);
  // The database and Redis may live in these containers: their steps go first, the removal last.
  if (state.database) {
    const { adminUrl, name } = state.database;
    steps.push([
      `drop database ${name}`,
      async () => {
        const pg = new Client(pgPoolConfigFromUrl(adminUrl));
        await pg.connect();
        try {
          await pg.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
        } finally {
          await pg.end();
        }
      },
    ]);
  }
  if (state.redis) {
    const { url, keyPrefix } = state.redis;
    steps.push([`delete Redis keys ${keyPrefix}*`, () => deleteKeysWithPrefix(url, keyPrefix)]);
  }
  const containers = state.containers ?? [];
  if (containers.length > 0) steps.push([`remove containers ${containers.map((id) => id.slice(0, 12)).join(", ")}`, () => removeContainers(containers)]);
  for (const [what, step] of steps) {
    try {
      await step();
    } catch (error) {
      process.stderr.write(`[harness] could not ${what}: ${(error as Error).message}\n`);
    }
  }
  rmSync(state.tempDir, { recursive: true, force: true });
  clearHarnessState();
}

async function deleteKeysWithPrefix(url: string, prefix: string): Promise<void> {
  const redis = new Redis(url, { maxRetriesPerRequest: 1 });
  try {
    let cursor = "0";
    do {
      const [next, keys] = await redis.scan(cursor, "MATCH", `${prefix}*`, "COUNT", 500);
      if (keys.length > 0) await redis.del(...keys);
      cursor = next;
    } while (cursor !== "0");
  } finally {
    redis.disconnect();
  }
}
