import { Pool } from "pg";
import { pgPoolConfigFromUrl } from "./pg-pool-config";

/**
 * A plain pg pool for the draw path's writes. Prisma stays the schema, migration and operator
 * tool, but its client costs about a millisecond of CPU per query on top of pg; a draw makes
 * several, and on two cores that alone capped draws near 150/s. Same database, same driver.
 */
export function createPgPool(databaseUrl: string, size: number): Pool {
  return new Pool(pgPoolConfigFromUrl(databaseUrl, { max: size, connectionTimeoutMillis: 3000, idleTimeoutMillis: 30000 }));
}
