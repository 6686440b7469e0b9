import type { Pool, PoolClient, QueryConfig, QueryResult, QueryResultRow } from "pg";
import { DependencyUnavailableError } from "../../shared/errors";
import { asOutage, outageOf } from "../outage";

/**
 * One statement on its own connection, with the two phases told apart: a failure to get a
 * connection means the statement was never sent; a connection lost after sending leaves its
 * outcome unknown (PostgreSQL may have committed it). An error the server answered with
 * (severity ERROR) rolled the statement back. Outages come out as DependencyUnavailableError.
 */
export async function runStatement<R extends QueryResultRow>(pool: Pool, query: QueryConfig): Promise<QueryResult<R>> {
  let client: PoolClient;
  try {
    client = await pool.connect();
  } catch (error) {
    throw asOutage(error, false);
  }
  try {
    const result = await client.query<R>(query);
    client.release();
    return result;
  } catch (error) {
    const answeredByServer = (error as { severity?: string }).severity === "ERROR";
    // A connection that broke must not go back to the pool.
    client.release(answeredByServer ? undefined : (error as Error));
    if (answeredByServer) {
      // statement_timeout, or a server going down cancelling it: refused, nothing written.
      if (outageOf(error) || (error as { code?: string }).code === "57014") {
        throw new DependencyUnavailableError("postgres", (error as Error).message, false, { cause: error });
      }
      throw error;
    }
    if (outageOf(error)) throw asOutage(error, true);
    // Severity FATAL (the server terminating the session) or no answer at all: it may have committed.
    throw new DependencyUnavailableError("postgres", (error as Error).message, true, { cause: error });
  }
}

/** A unique violation's constraint name, or undefined for any other error. */
export function violatedUniqueConstraint(error: unknown): string | undefined {
  const e = error as { code?: string; constraint?: string };
  return e?.code === "23505" ? e.constraint : undefined;
}

/*
 * Unnamed key-list statements. A statement that reads or moves rows of a growing table by a list
 * of keys (`= ANY($1)`) carries no `name`. A named (prepared) statement may switch to a generic
 * plan after five runs, and one cached while the table was nearly empty (a consumer's first
 * grants on a new database) is a sequential scan that stays until an ANALYZE invalidates it,
 * which never comes on a server with autovacuum off. bench:draw measured that: every grant read
 * all of award_delivery, 34 million rows over 1,300 grants, and the consumer's CPU per draw kept
 * rising. Unnamed, the statement is planned at each run for the table as it is then, at a cost
 * of tens of microseconds per batch. Statements run once per draw keep their names (their plans
 * are index lookups by a single key).
 */
