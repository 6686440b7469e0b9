import { PrismaPg } from "@prisma/adapter-pg";
import { PrismaClient } from "./generated/client";
import { pgPoolConfigFromUrl } from "./pg-pool-config";
import { ignoreIdleClientError } from "./pg-pool.factory";

export type { PrismaClient };

/** The one Prisma client of a process, over a bounded pg pool that fails fast when Postgres is down. */
export function createPrismaClient(databaseUrl: string, poolSize: number): PrismaClient {
  const adapter = new PrismaPg(
    pgPoolConfigFromUrl(databaseUrl, {
      max: poolSize,
      connectionTimeoutMillis: 3000,
      idleTimeoutMillis: 30000,
    }),
    { onPoolError: ignoreIdleClientError },
  );
  return new PrismaClient({ adapter });
}
