import { PrismaPg } from "@prisma/adapter-pg";
import type { Pool } from "pg";
import { PrismaClient } from "./generated/client";
import { createPgPool, ignoreConnectionError } from "./pg-pool.factory";

export type { PrismaClient };

/** Prisma over the process's pg pool, so each process holds one pool per database. */
export function createPrismaClientOver(pool: Pool, ownsPool = false): PrismaClient {
  const adapter = new PrismaPg(pool, { onPoolError: ignoreConnectionError, onConnectionError: ignoreConnectionError, disposeExternalPool: ownsPool });
  return new PrismaClient({ adapter });
}

/** A Prisma client with a pool of its own, for tools and tests that need nothing else. */
export function createPrismaClient(databaseUrl: string, poolSize: number): PrismaClient {
  return createPrismaClientOver(createPgPool(databaseUrl, poolSize), true);
}
