import { Pool, type PoolClient } from "pg";
import { pgPoolConfigFromUrl } from "./pg-pool-config";

/** The pg pool type, so the composition can name it without importing pg itself. */
export type { Pool as PgPool };

export interface PgPoolOptions {
  /**
   * The server cancels a statement running longer than this. It also bounds how long a write
   * whose answer was lost (the connection broke mid-statement) can still commit: the stock
   * reconciler waits longer than this before it treats such a write as failed.
   */
  statementTimeoutMs?: number;
}

/** Default statement bound; config DATABASE_STATEMENT_TIMEOUT_MS sets it for the service. */
export const DEFAULT_STATEMENT_TIMEOUT_MS = 10_000;

/**
 * The one pg pool of a process; Prisma runs over it too (prisma-client.factory.ts). The draw and
 * delivery paths use it directly: Prisma's client costs about a millisecond of CPU per query on
 * top of pg, which on two cores alone capped draws near 150/s.
 */
export function createPgPool(databaseUrl: string, size: number, options: PgPoolOptions = {}): Pool {
  const pool = new Pool(
    pgPoolConfigFromUrl(databaseUrl, {
      max: size,
      connectionTimeoutMillis: 3000,
      idleTimeoutMillis: 30000,
      statement_timeout: options.statementTimeoutMs ?? DEFAULT_STATEMENT_TIMEOUT_MS,
    }),
  );
  pool.on("error", ignoreConnectionError);
  // pg-pool listens for errors on idle clients only: a client checked out when PostgreSQL goes
  // away (a restart, a crash, a terminated backend) emits an 'error' event nobody handles, and
  // that kills the process. Every client gets a listener of its own for its whole life; the
  // query in flight fails with the same error, which callers see and classify (outage.ts).
  pool.on("connect", (client: PoolClient) => client.on("error", ignoreConnectionError));
  return pool;
}

/**
 * A pooled connection that breaks is reported twice: as an 'error' event, and as the failure of
 * whatever ran on it. The failure is what counts; the event only has to be absorbed. The pool
 * drops the broken connection and opens a new one on the next query.
 */
export function ignoreConnectionError(): void {}
