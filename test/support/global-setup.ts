import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import Redis from "ioredis";
import { Client } from "pg";
import { pgPoolConfigFromUrl } from "../../src/infrastructure/persistence/pg-pool-config";
import { dockerEngineAnswers, migrate, startLocalBroker, withDatabase } from "./services";
import globalTeardown from "./global-teardown";
import { saveHarnessState, type HarnessState } from "./harness-state";

/**
 * Gives the integration run its own services: Kafka (KAFKA_BROKERS if set, else Testcontainers
 * when a Docker engine answers, else a broker from the local jars), a fresh database with the
 * migrations applied, and a Redis key prefix nobody else uses. Workers inherit process.env.
 */
export default async function globalSetup(): Promise<void> {
  try {
    await provideServices();
  } catch (error) {
    // Jest skips global teardown when setup throws: undo the half that was done here.
    await globalTeardown();
    throw error;
  }
}

async function provideServices(): Promise<void> {
  const runId = `${Date.now().toString(36)}${process.pid.toString(36)}`;
  const tempDir = mkdtempSync(path.join(tmpdir(), `lottery-test-${runId}-`));
  const state: HarnessState = { runId, tempDir };
  saveHarnessState(state);

  const baseDatabaseUrl = process.env.DATABASE_URL || "postgresql://postgres@127.0.0.1:5432/postgres";
  const databaseName = `lottery_test_${runId}`;
  await withPg(withDatabase(baseDatabaseUrl, "postgres"), (pg) => pg.query(`CREATE DATABASE "${databaseName}"`), "PostgreSQL");
  state.database = { adminUrl: withDatabase(baseDatabaseUrl, "postgres"), name: databaseName };
  saveHarnessState(state);
  process.env.DATABASE_URL = withDatabase(baseDatabaseUrl, databaseName);
  await migrate(process.env.DATABASE_URL);

  process.env.REDIS_URL ||= "redis://127.0.0.1:6379";
  process.env.REDIS_KEY_PREFIX = `lottery-test:${runId}:`;
  await checkRedis(process.env.REDIS_URL);
  state.redis = { url: process.env.REDIS_URL, keyPrefix: process.env.REDIS_KEY_PREFIX };
  saveHarnessState(state);

  if (process.env.KAFKA_BROKERS) {
    state.kafka = { source: "KAFKA_BROKERS" };
  } else if (await dockerEngineAnswers()) {
    const { KafkaContainer } = await import("@testcontainers/kafka");
    const container = await new KafkaContainer("confluentinc/cp-kafka:7.9.0").withKraft().start();
    process.env.KAFKA_BROKERS = `${container.getHost()}:${container.getMappedPort(9093)}`;
    state.kafka = { source: "testcontainers", containerId: container.getId() };
  } else {
    const broker = await startLocalBroker(path.join(tempDir, "kafka"));
    process.env.KAFKA_BROKERS = broker.brokers;
    state.kafka = { source: "local-broker", dataDir: broker.dataDir };
  }
  saveHarnessState(state);
  // Tests assert on behaviour, not log lines; TEST_LOG_LEVEL=debug shows them when hunting a failure.
  process.env.LOG_LEVEL = process.env.TEST_LOG_LEVEL || "silent";
  process.stderr.write(`\n[harness] database ${databaseName}, redis prefix ${process.env.REDIS_KEY_PREFIX}, kafka ${process.env.KAFKA_BROKERS} (${state.kafka.source})\n`);
}

async function withPg(url: string, work: (pg: Client) => Promise<unknown>, what: string): Promise<void> {
  const pg = new Client(pgPoolConfigFromUrl(url));
  try {
    await pg.connect();
  } catch (error) {
    throw new Error(`${what} is not reachable at ${new URL(url).host}: ${(error as Error).message}. Start it (bash scripts/ensure-services.sh) or set DATABASE_URL.`);
  }
  try {
    await work(pg);
  } finally {
    await pg.end();
  }
}

async function checkRedis(url: string): Promise<void> {
  const redis = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null, connectTimeout: 2000 });
  try {
    await redis.connect();
    await redis.ping();
  } catch (error) {
    throw new Error(`Redis is not reachable at ${new URL(url).host}: ${(error as Error).message}. Start it (bash scripts/ensure-services.sh) or set REDIS_URL.`);
  } finally {
    redis.disconnect();
  }
}
