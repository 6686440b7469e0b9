import type { Pool, PoolClient } from "pg";

/** A pool (each statement on its own) or a client inside a transaction: repositories work on either. */
export type Queryable = Pool | PoolClient;
