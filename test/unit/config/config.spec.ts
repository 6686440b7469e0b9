import { ConfigError, defaultRedisKeyPrefix, loadConfig } from "../../../src/config/config";

describe("loadConfig", () => {
  it("gives every variable a default that points at local services", () => {
    const config = loadConfig({});
    expect(config.role).toBe("all");
    expect(config.http).toEqual({ host: "127.0.0.1", port: 8080, bodyLimit: "64kb" });
    expect(config.kafka.brokers).toEqual(["127.0.0.1:9092"]);
    expect(config.kafka.consumerGroup).toBe("lottery");
  });

  it("derives the Redis key prefix from the database, so two checkouts on one Redis keep apart", () => {
    expect(loadConfig({}).redis.keyPrefix).toBe("lottery:lottery:");
    expect(loadConfig({ DATABASE_URL: "postgresql://postgres@127.0.0.1:5432/lottery_b" }).redis.keyPrefix).toBe("lottery:lottery_b:");
    expect(loadConfig({ DATABASE_URL: "postgresql://u:pw@db:5432/shop?schema=eu" }).redis.keyPrefix).toBe("lottery:shop.eu:");
    expect(defaultRedisKeyPrefix("postgresql://alice@127.0.0.1")).toBe("lottery:alice:");
    expect(defaultRedisKeyPrefix("postgresql://127.0.0.1/odd%7Bname%7D")).toBe("lottery:oddname:");
  });

  it("keeps an explicit REDIS_KEY_PREFIX over the derived one", () => {
    expect(loadConfig({ REDIS_KEY_PREFIX: "shared:", DATABASE_URL: "postgresql://127.0.0.1/x" }).redis.keyPrefix).toBe("shared:");
  });

  it("splits a broker list and takes the role from the command line over ROLE", () => {
    const config = loadConfig({ KAFKA_BROKERS: "a:1, b:2", ROLE: "api" }, { role: "worker" });
    expect(config.kafka.brokers).toEqual(["a:1", "b:2"]);
    expect(config.role).toBe("worker");
  });

  it("names each bad variable and the value it got", () => {
    const error = captureConfigError({ HTTP_PORT: "eighty", ROLE: "chef", KAFKA_BROKERS: "nohostport" });
    expect(error.problems).toHaveLength(3);
    expect(error.message).toMatch(/HTTP_PORT: .*\(got "eighty"\)/);
    expect(error.message).toMatch(/ROLE: .*\(got "chef"\)/);
    expect(error.message).toMatch(/KAFKA_BROKERS: must be host:port/);
  });

  it("never repeats a connection string that may hold a password", () => {
    const error = captureConfigError({ DATABASE_URL: "mysql://user:s3cret@db/x" });
    expect(error.message).toMatch(/DATABASE_URL: must be a URL starting with postgresql:\/\//);
    expect(error.message).not.toContain("s3cret");
  });

  it("names the topics of DOMAIN.md unless KAFKA_INVOICE_TOPIC / KAFKA_DEAD_LETTER_TOPIC rename them", () => {
    expect(loadConfig({}).kafka).toMatchObject({ invoiceTopic: "lottery_invoice", deadLetterTopic: "lottery_invoice.dlq" });
    const renamed = loadConfig({ KAFKA_INVOICE_TOPIC: "invoices.test-1", KAFKA_DEAD_LETTER_TOPIC: "invoices.test-1.dlq" });
    expect(renamed.kafka).toMatchObject({ invoiceTopic: "invoices.test-1", deadLetterTopic: "invoices.test-1.dlq" });
    expect(captureConfigError({ KAFKA_DEAD_LETTER_TOPIC: "dead letters" }).message).toMatch(/KAFKA_DEAD_LETTER_TOPIC: must be a Kafka topic name .*\(got "dead letters"\)/);
  });

  it("treats an empty variable as unset", () => {
    expect(loadConfig({ HTTP_PORT: "" }).http.port).toBe(8080);
  });
  it("leases a worker id unless WORKER_ID fixes one", () => {
    expect(loadConfig({}).workerId).toBeUndefined();
    expect(loadConfig({ WORKER_ID: "7" }).workerId).toBe(7);
  });

  it("refuses a stock pending timeout that a statement could outlast, naming both variables", () => {
    expect(() => loadConfig({ DATABASE_STATEMENT_TIMEOUT_MS: "20000", STOCK_PENDING_TIMEOUT_MS: "15000" })).toThrow(
      /STOCK_PENDING_TIMEOUT_MS: must be at least DATABASE_STATEMENT_TIMEOUT_MS \+ 5000 \(25000\)/,
    );
    expect(loadConfig({ DATABASE_STATEMENT_TIMEOUT_MS: "20000", STOCK_PENDING_TIMEOUT_MS: "25000" }).stock.pendingTimeoutMs).toBe(25000);
  });
});

function captureConfigError(env: NodeJS.ProcessEnv): ConfigError {
  try {
    loadConfig(env);
  } catch (error) {
    if (error instanceof ConfigError) return error;
    throw error;
  }
  throw new Error("expected a ConfigError");
}
