import { randomUUID } from "node:crypto";
import { Client } from "pg";
import { pgPoolConfigFromUrl } from "../../src/infrastructure/persistence/pg-pool-config";
import { migrate, withDatabase } from "./services";

/**
 * A migrated database of its own, for tests that scan whole tables (the scanner) and must not
 * see, or disturb, what other test files write to the shared one.
 */
export async function createOwnDatabase(): Promise<{ url: string; drop: () => Promise<void> }> {
  const name = `lottery_own_${randomUUID().slice(0, 8)}`;
  const adminUrl = withDatabase(process.env.DATABASE_URL as string, "postgres");
  const admin = new Client(pgPoolConfigFromUrl(adminUrl));
  await admin.connect();
  await admin.query(`CREATE DATABASE "${name}"`);
  await admin.end();
  const url = withDatabase(process.env.DATABASE_URL as string, name);
  await migrate(url);
  return {
    url,
    drop: async () => {
      const closer = new Client(pgPoolConfigFromUrl(adminUrl));
      await closer.connect();
      await closer.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      await closer.end();
    },
  };
}
