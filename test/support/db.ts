import { Client } from "pg";
import { pgPoolConfigFromUrl } from "../../src/infrastructure/persistence/pg-pool-config";

/** A direct connection to the run's database, to check what the service wrote. */
export async function connectDb(): Promise<Client> {
  const client = new Client(pgPoolConfigFromUrl(process.env.DATABASE_URL as string));
  await client.connect();
  return client;
}
