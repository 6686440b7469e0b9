import { z } from "zod";

export const ROLES = ["api", "consumer", "worker", "all"] as const;
export type Role = (typeof ROLES)[number];

/** A configuration value that is missing or malformed; names the variable so an operator can fix it. */
export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`invalid configuration:\n  ${problems.join("\n  ")}`);
    this.name = "ConfigError";
  }
}

/** Values that may hold credentials: an error names the variable but never repeats the value. */
const NEVER_ECHOED = new Set(["DATABASE_URL", "REDIS_URL", "ADMIN_TOKEN"]);

const port = z.coerce.number().int().min(0).max(65535);
const positiveMs = z.coerce.number().int().positive();
const url = (protocols: string[]) =>
  z.string().refine((value) => {
    try {
      return protocols.includes(new URL(value).protocol);
    } catch {
      return false;
    }
  }, `must be a URL starting with ${protocols.map((p) => `${p}//`).join(" or ")}`);

/** Kafka's legal topic names. */
const topicName = z.string().regex(/^[A-Za-z0-9._-]{1,249}$/, "must be a Kafka topic name (letters, digits, '.', '_', '-')");

const brokerList = z
  .string()
  .transform((value) => value.split(",").map((broker) => broker.trim()).filter(Boolean))
  .refine((brokers) => brokers.length > 0 && brokers.every((b) => /^[^\s:]+:\d{1,5}$/.test(b)), "must be host:port[,host:port...]");

/** Every environment variable the service reads, with its default. The README lists the same. */
const environmentSchema = z.object({
  ROLE: z.enum(ROLES).default("all"),
  LOG_LEVEL: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info"),
  HTTP_HOST: z.string().min(1).default("127.0.0.1"),
  HTTP_PORT: port.default(8080),
  HTTP_BODY_LIMIT: z.string().regex(/^\d+(b|kb|mb)$/i, "must look like 64kb").default("64kb"),
  DATABASE_URL: url(["postgresql:", "postgres:"]).default("postgresql://postgres@127.0.0.1:5432/lottery"),
  DATABASE_POOL_SIZE: z.coerce.number().int().min(1).max(200).default(10),
  DATABASE_STATEMENT_TIMEOUT_MS: positiveMs.default(10000),
  REDIS_URL: url(["redis:", "rediss:"]).default("redis://127.0.0.1:6379"),
  // Unset: derived from DATABASE_URL (defaultRedisKeyPrefix), so each database has its own keys.
  REDIS_KEY_PREFIX: z.string().optional(),
  KAFKA_BROKERS: brokerList.default(["127.0.0.1:9092"]),
  KAFKA_CLIENT_ID: z.string().min(1).default("lottery"),
  KAFKA_CONSUMER_GROUP: z.string().min(1).default("lottery"),
  KAFKA_INVOICE_PARTITIONS: z.coerce.number().int().min(1).max(1000).default(6),
  KAFKA_INVOICE_TOPIC: topicName.default("lottery_invoice"),
  KAFKA_DEAD_LETTER_TOPIC: topicName.default("lottery_invoice.dlq"),
  KAFKA_CONNECTION_TIMEOUT_MS: positiveMs.default(3000),
  KAFKA_REQUEST_TIMEOUT_MS: positiveMs.default(30000),
  KAFKA_SEND_TIMEOUT_MS: positiveMs.default(1000),
  INVOICE_LINGER_MS: z.coerce.number().int().min(0).max(1000).default(50),
  INVOICE_BATCH_MAX: z.coerce.number().int().min(1).max(10000).default(500),
  DELIVERY_RETRY_BACKOFF_MS: z
    .string()
    .regex(/^\d+(,\d+)*$/, "must be comma-separated milliseconds, e.g. 1000,5000,10000")
    .default("1000,5000,10000")
    .transform((value) => value.split(",").map(Number)),
  CONSUMER_PARTITIONS_CONCURRENTLY: z.coerce.number().int().min(1).max(64).default(6),
  CONSUMER_BATCH_SIZE: z.coerce.number().int().min(1).max(5000).default(500),
  CONSUMER_BUSY_SHARE: z.coerce.number().gt(0).max(1).default(1),
  DELIVERY_PAUSE_BACKOFF_MS: z
    .string()
    .regex(/^\d+,\d+$/, "must be two comma-separated milliseconds, first and longest wait, e.g. 200,2000")
    .default("200,2000")
    .transform((value) => value.split(",").map(Number))
    .refine(([first, longest]) => first > 0 && longest >= first, "the first wait must be positive and the longest at least the first"),
  COUPON_VALIDITY_DAYS: z.coerce.number().positive().max(36500).default(30),
  // The default for REDEEM_CODE awards whose deploy body names no whenPoolEmpty, and for campaign grants.
  REDEEM_CODE_WHEN_POOL_EMPTY: z
    .enum(["generate", "fail", "GENERATE", "FAIL"])
    .default("generate")
    .transform((value) => value.toUpperCase() as "GENERATE" | "FAIL"),
  SCANNER_INTERVAL_MS: positiveMs.default(5000),
  SCANNER_BATCH_SIZE: z.coerce.number().int().min(1).max(10000).default(500),
  SCANNER_STALE_AFTER_MS: z.coerce.number().int().min(0).default(60000),
  SCANNER_LEASE_MS: positiveMs.default(30000),
  SCANNER_MAX_BATCHES: z.coerce.number().int().min(1).max(100000).default(200),
  ACTIVITY_STATE_JOB_INTERVAL_MS: positiveMs.default(10000),
  COMPENSATION_INTERVAL_MS: positiveMs.default(10000),
  METRICS_REFRESH_MS: positiveMs.default(15000),
  COMPENSATION_MAX_ATTEMPTS: z.coerce.number().int().min(1).max(100).default(5),
  COMPENSATION_RETRY_DELAY_MS: z.coerce.number().int().min(0).default(60000),
  ACTIVITY_CACHE_TTL_MS: z.coerce.number().int().min(0).default(1000),
  STOCK_RECONCILE_INTERVAL_MS: positiveMs.default(2000),
  STOCK_PENDING_TIMEOUT_MS: positiveMs.default(30000),
  CAMPAIGN_CHUNK_SIZE: z.coerce.number().int().min(1).max(100_000).default(1000),
  CAMPAIGN_INTERVAL_MS: positiveMs.default(1000),
  CAMPAIGN_CHUNK_CONCURRENCY: z.coerce.number().int().min(1).max(64).default(2),
  CAMPAIGN_CHUNK_LEASE_MS: z.coerce.number().int().min(1000).default(30000),
  CAMPAIGN_RETRY_DELAY_MS: z.coerce.number().int().min(0).default(5000),
  CAMPAIGN_WRITE_BATCH: z.coerce.number().int().min(1).max(10_000).default(1000),
  IDEMPOTENCY_CLAIM_TTL_MS: z.coerce.number().int().min(1000).default(30000),
  ADMIN_TOKEN: z.string().min(16, "must be at least 16 characters").optional(),
  WORKER_ID: z.coerce.number().int().min(0).max(1023).optional(),
  DEMO_ACTIVITY: z.enum(["true", "false"]).default("false"),
  READINESS_TIMEOUT_MS: positiveMs.default(2000),
  SHUTDOWN_TIMEOUT_MS: positiveMs.default(10000),
});

export interface AppConfig {
  role: Role;
  logLevel: z.infer<typeof environmentSchema>["LOG_LEVEL"];
  http: { host: string; port: number; bodyLimit: string };
  database: {
    url: string;
    poolSize: number;
    /** The server cancels a statement running longer; it also bounds when a lost commit can still land. */
    statementTimeoutMs: number;
  };
  redis: { url: string; keyPrefix: string };
  kafka: {
    brokers: string[];
    clientId: string;
    consumerGroup: string;
    invoicePartitions: number;
    /** lottery_invoice and lottery_invoice.dlq (DOMAIN.md) unless renamed; tests give a file its own. */
    invoiceTopic: string;
    deadLetterTopic: string;
    connectionTimeoutMs: number;
    requestTimeoutMs: number;
    /** An invoice send fails after this long; its orders get mq_state 2 for the scanner. */
    sendTimeoutMs: number;
  };
  /** Invoices of wins wait this long to share a Kafka request, up to `batchMax` of them. */
  invoiceDispatch: { lingerMs: number; batchMax: number };
  campaign: {
    /** Recipients per chunk task, on average. */
    chunkSize: number;
    /** How often a worker looks for campaign chunks to run. */
    intervalMs: number;
    /** Chunks one worker runs at once. */
    chunkConcurrency: number;
    /** A chunk whose worker has not renewed its claim for this long is taken over. */
    chunkLeaseMs: number;
    /** Wait before a failed chunk runs again, times its attempts. */
    retryDelayMs: number;
    /** Orders per statement and invoices per Kafka request of a chunk. */
    writeBatch: number;
  };
  /** How long a retry with an Idempotency-Key is told IN_USE after its first request died before its commit. */
  idempotencyClaimTtlMs: number;
  stock: {
    /** How often the live stock is reconciled with the take rows and the stored surplus synced. */
    reconcileIntervalMs: number;
    /** A unit pending this long without a take row belongs to a dead draw and is given back. */
    pendingTimeoutMs: number;
  };
  /** Waits between the attempts of a failing grant; after the last, the invoice is dead-lettered. */
  deliveryRetryBackoffMs: number[];
  consumerPartitionsConcurrently: number;
  /** Invoices granted per transaction, at most (a partition's batch is cut into these). */
  consumerBatchSize: number;
  /** At most this share of the wall time the consumer spends granting (BusyShareGate); 1: no pacing. */
  consumerBusyShare: number;
  /** While a dependency is away the consumer waits `initialMs`, doubling up to `maxMs`, between tries. */
  deliveryPause: { initialMs: number; maxMs: number };
  /** Distributor policies: coupon validity, and what an empty redeem-code pool does. */
  awards: { couponValidityDays: number; redeemCodeWhenPoolEmpty: "GENERATE" | "FAIL" };
  scanner: {
    intervalMs: number;
    batchSize: number;
    /** An order still at mq_state 0 this long after it was written has lost its send. */
    staleAfterMs: number;
    /** A claimed order is left to its scanner this long; it must outlast a send. */
    leaseMs: number;
    /** Batches per pass at most. */
    maxBatches: number;
  };
  activityStateJobIntervalMs: number;
  compensation: { intervalMs: number; maxAttempts: number; retryDelayMs: number };
  /** How often database- and broker-backed gauges (orders by state, consumer lag) are refreshed. */
  metricsRefreshMs: number;
  /** How long a process serves an activity and its strategy from memory on the draw path. */
  activityCacheTtlMs: number;
  /** Operator bearer token; operator routes refuse every request while it is unset. */
  adminToken: string | undefined;
  /** Deploy the reference activity 100001 on an empty database at start (npm start turns it on). */
  demoActivity: boolean;
  /** A fixed snowflake worker id (0..1023); unset, each process leases one in PostgreSQL. */
  workerId: number | undefined;
  readinessTimeoutMs: number;
  shutdownTimeoutMs: number;
}

/** Reads and validates the environment once, at start. Empty strings count as unset. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env, overrides: { role?: string } = {}): AppConfig {
  const present = Object.fromEntries(Object.entries(env).filter(([, value]) => value !== undefined && value !== ""));
  if (overrides.role !== undefined) present.ROLE = overrides.role;
  const parsed = environmentSchema.safeParse(present);
  if (!parsed.success) {
    throw new ConfigError(
      parsed.error.issues.map((issue) => {
        const variable = String(issue.path[0] ?? "environment");
        const shown = present[variable] !== undefined && !NEVER_ECHOED.has(variable);
        const given = shown ? ` (got "${present[variable]}")` : "";
        return `${variable}: ${issue.message}${given}`;
      }),
    );
  }
  const e = parsed.data;
  if (e.SCANNER_LEASE_MS <= e.KAFKA_SEND_TIMEOUT_MS) {
    throw new ConfigError([
      `SCANNER_LEASE_MS: must be longer than KAFKA_SEND_TIMEOUT_MS (${e.KAFKA_SEND_TIMEOUT_MS}), or a second scanner could send an order whose first send is still under way (got "${e.SCANNER_LEASE_MS}")`,
    ]);
  }
  // A unit may be given back only once no statement of its draw can still commit.
  const pendingFloor = e.DATABASE_STATEMENT_TIMEOUT_MS + 5000;
  if (e.STOCK_PENDING_TIMEOUT_MS < pendingFloor) {
    throw new ConfigError([
      `STOCK_PENDING_TIMEOUT_MS: must be at least DATABASE_STATEMENT_TIMEOUT_MS + 5000 (${pendingFloor}), or a crashed draw's unit could be given back while its commit can still land (got "${e.STOCK_PENDING_TIMEOUT_MS}")`,
    ]);
  }
  return {
    role: e.ROLE,
    logLevel: e.LOG_LEVEL,
    http: { host: e.HTTP_HOST, port: e.HTTP_PORT, bodyLimit: e.HTTP_BODY_LIMIT },
    database: { url: e.DATABASE_URL, poolSize: e.DATABASE_POOL_SIZE, statementTimeoutMs: e.DATABASE_STATEMENT_TIMEOUT_MS },
    redis: { url: e.REDIS_URL, keyPrefix: e.REDIS_KEY_PREFIX ?? defaultRedisKeyPrefix(e.DATABASE_URL) },
    kafka: {
      brokers: e.KAFKA_BROKERS,
      clientId: e.KAFKA_CLIENT_ID,
      consumerGroup: e.KAFKA_CONSUMER_GROUP,
      invoicePartitions: e.KAFKA_INVOICE_PARTITIONS,
      invoiceTopic: e.KAFKA_INVOICE_TOPIC,
      deadLetterTopic: e.KAFKA_DEAD_LETTER_TOPIC,
      connectionTimeoutMs: e.KAFKA_CONNECTION_TIMEOUT_MS,
      requestTimeoutMs: e.KAFKA_REQUEST_TIMEOUT_MS,
      sendTimeoutMs: e.KAFKA_SEND_TIMEOUT_MS,
    },
    invoiceDispatch: { lingerMs: e.INVOICE_LINGER_MS, batchMax: e.INVOICE_BATCH_MAX },
    idempotencyClaimTtlMs: e.IDEMPOTENCY_CLAIM_TTL_MS,
    campaign: {
      chunkSize: e.CAMPAIGN_CHUNK_SIZE,
      intervalMs: e.CAMPAIGN_INTERVAL_MS,
      chunkConcurrency: e.CAMPAIGN_CHUNK_CONCURRENCY,
      chunkLeaseMs: e.CAMPAIGN_CHUNK_LEASE_MS,
      retryDelayMs: e.CAMPAIGN_RETRY_DELAY_MS,
      writeBatch: e.CAMPAIGN_WRITE_BATCH,
    },
    stock: { reconcileIntervalMs: e.STOCK_RECONCILE_INTERVAL_MS, pendingTimeoutMs: e.STOCK_PENDING_TIMEOUT_MS },
    activityCacheTtlMs: e.ACTIVITY_CACHE_TTL_MS,
    scanner: {
      intervalMs: e.SCANNER_INTERVAL_MS,
      batchSize: e.SCANNER_BATCH_SIZE,
      staleAfterMs: e.SCANNER_STALE_AFTER_MS,
      leaseMs: e.SCANNER_LEASE_MS,
      maxBatches: e.SCANNER_MAX_BATCHES,
    },
    activityStateJobIntervalMs: e.ACTIVITY_STATE_JOB_INTERVAL_MS,
    metricsRefreshMs: e.METRICS_REFRESH_MS,
    compensation: { intervalMs: e.COMPENSATION_INTERVAL_MS, maxAttempts: e.COMPENSATION_MAX_ATTEMPTS, retryDelayMs: e.COMPENSATION_RETRY_DELAY_MS },
    deliveryRetryBackoffMs: e.DELIVERY_RETRY_BACKOFF_MS,
    consumerPartitionsConcurrently: e.CONSUMER_PARTITIONS_CONCURRENTLY,
    consumerBatchSize: e.CONSUMER_BATCH_SIZE,
    consumerBusyShare: e.CONSUMER_BUSY_SHARE,
    deliveryPause: { initialMs: e.DELIVERY_PAUSE_BACKOFF_MS[0], maxMs: e.DELIVERY_PAUSE_BACKOFF_MS[1] },
    awards: { couponValidityDays: e.COUPON_VALIDITY_DAYS, redeemCodeWhenPoolEmpty: e.REDEEM_CODE_WHEN_POOL_EMPTY },
    adminToken: e.ADMIN_TOKEN,
    workerId: e.WORKER_ID,
    demoActivity: e.DEMO_ACTIVITY === "true",
    readinessTimeoutMs: e.READINESS_TIMEOUT_MS,
    shutdownTimeoutMs: e.SHUTDOWN_TIMEOUT_MS,
  };
}

/**
 * `lottery:<database>:` (with `.<schema>` when the URL picks one): Redis holds each deployment's
 * live stock counters and idempotent answers, and two checkouts on one Redis with different
 * databases must not share them (one would hand out the other's stock units). The database is
 * what separates deployments already, so the keys follow it. `{` and `}` are dropped: keys carry
 * Redis Cluster hash tags of their own (`activity:{id}:stock`).
 */
export function defaultRedisKeyPrefix(databaseUrl: string): string {
  const url = new URL(databaseUrl);
  const database = url.pathname.length > 1 ? decodeURIComponent(url.pathname.slice(1)) : decodeURIComponent(url.username) || "postgres";
  const schema = url.searchParams.get("schema");
  return `lottery:${`${database}${schema ? `.${schema}` : ""}`.replace(/[{}]/g, "")}:`;
}
