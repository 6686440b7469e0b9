import { DependencyUnavailableError, type Dependency } from "../shared/errors";

/**
 * Which dependency an error from a driver says is away, or null when it is something else (a bug,
 * a constraint). The one place that knows the drivers' error shapes: pg (SQLSTATE classes and
 * node socket codes), Prisma's pg adapter (its error kinds, wrapping the same pg errors), ioredis
 * and kafkajs. Walks `cause` and Prisma's `meta.driverAdapterError`, since wrappers nest.
 */
export function outageOf(error: unknown): Dependency | null {
  for (let current = error, depth = 0; current && depth < 6; depth++) {
    if (current instanceof DependencyUnavailableError) return current.dependency;
    const found = ownOutage(current as DriverError);
    if (found) return found;
    const e = current as DriverError;
    current = e.meta?.driverAdapterError ?? e.cause;
  }
  return null;
}

/** Wraps `error` as a DependencyUnavailableError when it is an outage, else returns it unchanged. */
export function asOutage(error: unknown, outcomeUnknown = false): unknown {
  const dependency = outageOf(error);
  if (!dependency || error instanceof DependencyUnavailableError) return error;
  return new DependencyUnavailableError(dependency, (error as Error).message ?? String(error), outcomeUnknown, { cause: error });
}

interface DriverError {
  name?: string;
  code?: string;
  kind?: string;
  message?: string;
  severity?: string;
  cause?: unknown;
  meta?: { driverAdapterError?: unknown };
}

/** Node socket errors: the server is not there, or the connection broke. */
const SOCKET_CODES = new Set(["ECONNREFUSED", "ECONNRESET", "EPIPE", "ETIMEDOUT", "EHOSTUNREACH", "ENETUNREACH", "ENOTFOUND", "EAI_AGAIN"]);

/**
 * SQLSTATEs of a server that is going or not there yet: class 08 (connection exception), 57P01
 * admin shutdown, 57P02 crash shutdown, 57P03 cannot connect now (starting up, recovering),
 * 53300 too many connections.
 */
function isPgOutageCode(code: string): boolean {
  return code.startsWith("08") || code === "57P01" || code === "57P02" || code === "57P03" || code === "53300";
}

/**
 * node-postgres raises these without a code when a connection breaks or a pool cannot hand one
 * out in time; matching its own fixed messages is the only way to tell them apart.
 */
const PG_CONNECTION_MESSAGES = [
  "Connection terminated unexpectedly",
  "Connection terminated due to connection timeout",
  "Connection terminated",
  "timeout exceeded when trying to connect",
  "Client has encountered a connection error and is not queryable",
  "Client was closed and is not queryable",
];

/** Prisma's pg adapter kinds for the same conditions, and its own connection error codes. */
const PRISMA_KINDS = new Set(["DatabaseNotReachable", "ConnectionClosed", "SocketTimeout", "TooManyConnections"]);
const PRISMA_CODES = new Set(["P1001", "P1002", "P1008", "P1017", "P2024"]);

/** ioredis raises these while its connection is down (no offline queue, bounded retries). */
const REDIS_ERROR_NAMES = new Set(["MaxRetriesPerRequestError"]);
const REDIS_MESSAGES = ["Connection is closed.", "Stream isn't writeable and enableOfflineQueue options is false"];

function ownOutage(e: DriverError): Dependency | null {
  if (typeof e !== "object" || e === null) return null;
  const name = e.name ?? "";
  const message = e.message ?? "";
  if (name.startsWith("KafkaJS") && /Connection|NumberOfRetriesExceeded|RequestTimeout|BrokerNotFound|LeaderNotAvailable|NotLeader|Coordinator/.test(name)) return "kafka";
  if (name === "KafkaSendTimeoutError") return "kafka";
  if (REDIS_ERROR_NAMES.has(name) || REDIS_MESSAGES.includes(message)) return "redis";
  if (e.kind && PRISMA_KINDS.has(e.kind)) return "postgres";
  if (e.kind === "postgres" && typeof (e as { code?: string }).code === "string" && isPgOutageCode((e as { code: string }).code)) return "postgres";
  if (typeof e.code === "string" && PRISMA_CODES.has(e.code)) return "postgres";
  if (typeof e.code === "string" && typeof e.severity === "string" && isPgOutageCode(e.code)) return "postgres";
  if (PG_CONNECTION_MESSAGES.includes(message)) return "postgres";
  // A bare socket error: kafkajs and ioredis wrap theirs, so only pg lets one through to callers.
  if (typeof e.code === "string" && SOCKET_CODES.has(e.code)) return "postgres";
  return null;
}
