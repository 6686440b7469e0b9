import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import Redis from "ioredis";
import { Client } from "pg";
import { pgPoolConfigFromUrl } from "../../src/infrastructure/persistence/pg-pool-config";
import { startKafkaContainer, startPostgresContainer, startRedisContainer } from "./containers";
import { dockerEngineAnswers, kafkaVersion, migrate, startLocalBroker, withDatabase } from "./services";
import globalTeardown from "./global-teardown";
import { saveHarnessState, type HarnessState } from "./harness-state";

/**
 * Gives the integration run its own services: a fresh database with the migrations applied, a
 * Redis key prefix nobody else uses, and Kafka. Where each comes from:
 * - Kafka: KAFKA_BROKERS if set; else Testcontainers (KAFKA_IMAGE, default apache/kafka:<the
 *   version scripts/kafka/kafka.sh runs>) when TEST_KAFKA=containers or TEST_SERVICES=containers,
 *   or when TEST_KAFKA is unset and a Docker engine answers (DOCKER_HOST, else the default
 *   socket); else a broker from the local jars (TEST_KAFKA=local forces it).
 * - PostgreSQL and Redis: DATABASE_URL and REDIS_URL (default the local servers), or containers
 *   (POSTGRES_IMAGE, REDIS_IMAGE) with TEST_SERVICES=containers.
 * It prints one line per service saying where it came from. Workers inherit process.env.
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

type Mode = "local" | "containers";

function servicesMode(): Mode {
  const value = process.env.TEST_SERVICES || "local";
  if (value !== "local" && value !== "containers") throw new Error(`TEST_SERVICES must be "local" or "containers" (got "${value}")`);
  return value;
}

async function kafkaMode(services: Mode): Promise<Mode> {
  const value = process.env.TEST_KAFKA || (services === "containers" ? "containers" : "auto");
  if (value !== "auto" && value !== "local" && value !== "containers") throw new Error(`TEST_KAFKA must be "auto", "local" or "containers" (got "${value}")`);
  if (value === "auto") return (await dockerEngineAnswers()) ? "containers" : "local";
  return value;
}

function announce(line: string): void {
  process.stderr.write(`${line}\n`);
}

/** Runs a container start; on a missing image, says how to get one on a machine without a registry. */
async function fromContainer<T>(what: string, image: string, start: () => Promise<T>): Promise<T> {
  try {
    return await start();
  } catch (error) {
    throw new Error(
      `${what}: could not start a container from ${image}: ${(error as Error).message}. ` +
        "Without a registry, build the image first (bash scripts/docker/build-images.sh all, or npm run test:containers does it).",
    );
  }
}

async function provideServices(): Promise<void> {
  const runId = `${Date.now().toString(36)}${process.pid.toString(36)}`;
  const tempDir = mkdtempSync(path.join(tmpdir(), `lottery-test-${runId}-`));
  const state: HarnessState = { runId, tempDir, containers: [] };
  saveHarnessState(state);
  process.stderr.write("\n");

  const services = servicesMode();
  const kafka = process.env.KAFKA_BROKERS ? "external" : await kafkaMode(services);
  if (services === "containers" || kafka === "containers") {
    if (!(await dockerEngineAnswers())) {
      throw new Error(
        `no Docker engine answers at ${process.env.DOCKER_HOST || "unix:///var/run/docker.sock"}, and this run asks for containers ` +
          "(TEST_SERVICES / TEST_KAFKA). Start one (npm run test:containers starts a private one), or set TEST_KAFKA=local.",
      );
    }
  }

  // Testcontainers' own checks use this host too; see test/support/containers.ts.
  process.env.TESTCONTAINERS_HOST_OVERRIDE ||= "127.0.0.1";
  // The containers start together; each is recorded as soon as it runs, so teardown removes it.
  const started = async <T extends { containerId: string }>(service: Promise<T>): Promise<T> => {
    const s = await service;
    state.containers?.push(s.containerId);
    saveHarnessState(state);
    return s;
  };
  const kafkaImage = process.env.KAFKA_IMAGE || `apache/kafka:${kafkaVersion()}`;
  const postgresImage = process.env.POSTGRES_IMAGE || "postgres:15";
  const redisImage = process.env.REDIS_IMAGE || "redis:7";
  const postgresPassword = "lottery-test";
  const [kafkaContainer, postgresContainer, redisContainer] = await Promise.allSettled([
    kafka === "containers" ? started(fromContainer("Kafka", kafkaImage, () => startKafkaContainer(kafkaImage))) : Promise.resolve(undefined),
    services === "containers" ? started(fromContainer("PostgreSQL", postgresImage, () => startPostgresContainer(postgresImage, postgresPassword))) : Promise.resolve(undefined),
    services === "containers" ? started(fromContainer("Redis", redisImage, () => startRedisContainer(redisImage))) : Promise.resolve(undefined),
  ]);
  for (const result of [kafkaContainer, postgresContainer, redisContainer]) if (result.status === "rejected") throw result.reason;
  const value = <T>(result: PromiseSettledResult<T>): T => (result as PromiseFulfilledResult<T>).value;

  const pgService = value(postgresContainer);
  const baseDatabaseUrl = pgService
    ? `postgresql://postgres:${postgresPassword}@${pgService.host}:${pgService.port}/postgres`
    : process.env.DATABASE_URL || "postgresql://postgres@127.0.0.1:5432/postgres";
  const databaseName = `lottery_test_${runId}`;
  await withPg(withDatabase(baseDatabaseUrl, "postgres"), (pg) => pg.query(`CREATE DATABASE "${databaseName}"`), "PostgreSQL");
  state.database = { adminUrl: withDatabase(baseDatabaseUrl, "postgres"), name: databaseName };
  saveHarnessState(state);
  process.env.DATABASE_URL = withDatabase(baseDatabaseUrl, databaseName);
  await migrate(process.env.DATABASE_URL);
  announce(pgService ? `postgres: testcontainers ${pgService.image}` : `postgres: local ${new URL(baseDatabaseUrl).host}`);

  const redisService = value(redisContainer);
  if (redisService) process.env.REDIS_URL = `redis://${redisService.host}:${redisService.port}`;
  process.env.REDIS_URL ||= "redis://127.0.0.1:6379";
  process.env.REDIS_KEY_PREFIX = `lottery-test:${runId}:`;
  await checkRedis(process.env.REDIS_URL);
  state.redis = { url: process.env.REDIS_URL, keyPrefix: process.env.REDIS_KEY_PREFIX };
  saveHarnessState(state);
  announce(redisService ? `redis: testcontainers ${redisService.image}` : `redis: local ${new URL(process.env.REDIS_URL).host}`);

  const kafkaService = value(kafkaContainer);
  if (kafka === "external") {
    state.kafka = { source: "KAFKA_BROKERS" };
    announce("kafka: KAFKA_BROKERS");
  } else if (kafkaService) {
    process.env.KAFKA_BROKERS = `${kafkaService.host}:${kafkaService.port}`;
    state.kafka = { source: "testcontainers", containerId: kafkaService.containerId };
    announce(`kafka: testcontainers ${kafkaService.image}`);
  } else {
    const broker = await startLocalBroker(path.join(tempDir, "kafka"));
    process.env.KAFKA_BROKERS = broker.brokers;
    state.kafka = { source: "local-broker", dataDir: broker.dataDir };
    // For the CLI test that finds "the local broker of a checkout" from its data dir.
    process.env.TEST_KAFKA_DATA_DIR = broker.dataDir;
    announce(`kafka: local broker ${kafkaVersion()}`);
  }
  saveHarnessState(state);
  // Tests assert on behaviour, not log lines; TEST_LOG_LEVEL=debug shows them when hunting a failure.
  process.env.LOG_LEVEL = process.env.TEST_LOG_LEVEL || "silent";
  process.stderr.write(`[harness] database ${databaseName}, redis prefix ${process.env.REDIS_KEY_PREFIX}, kafka ${process.env.KAFKA_BROKERS}\n`);
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
