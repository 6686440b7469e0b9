import type { Pool } from "pg";
import { createPgPool } from "../../src/infrastructure/persistence/pg-pool.factory";
import { createOwnDatabase } from "./own-database";

/**
 * A migrated database of the contract file's own, and a way to empty the tables a contract
 * scans before each of its tests (the adapters claim or list whole tables, so a test must see
 * only its own rows).
 */
export function useContractDatabase(tables: readonly string[]): { pool: () => Pool; url: () => string; empty: () => Promise<void> } {
  let database: Awaited<ReturnType<typeof createOwnDatabase>>;
  let pool: Pool;
  beforeAll(async () => {
    database = await createOwnDatabase();
    pool = createPgPool(database.url, 4);
  });
  afterAll(async () => {
    await pool?.end();
    await database?.drop();
  });
  return {
    pool: () => pool,
    url: () => database.url,
    empty: async () => {
      if (tables.length === 0) return;
      await pool.query(`TRUNCATE ${tables.map((t) => `"${t}"`).join(", ")} RESTART IDENTITY CASCADE`);
    },
  };
}
