import { Pool } from "pg";
import { pgPoolConfigFromUrl } from "./pg-pool-config";

/**
 * A plain pg pool for the draw path's writes. Prisma stays the schema, migration and operator
 * tool, but its client costs about a millisecond of CPU per query on top of pg; a draw makes
 * several, and on two cores that alone capped draws near 150/s. Same database, same driver.
 */
export function createPgPool(databaseUrl: string, size: number): Pool {
  const pool = new Pool(pgPoolConfigFromUrl(databaseUrl, { max: size, connectionTimeoutMillis: 3000, idleTimeoutMillis: 30000 }));
  pool.on("error", ignoreIdleClientError);
  return pool;
}

/**
 * An idle pooled connection that PostgreSQL closes (a restart, a terminated backend) is an
 * 'error' event on the pool; unhandled, it would crash the process. The pool has already dropped
 * that connection and opens a new one on the next query, and readiness reports an outage.
 */
export function ignoreIdleClientError(): void {}
