// Prisma CLI configuration. The CLI runs its JavaScript schema engine through the pg driver
// adapter because the Rust schema-engine binary cannot be downloaded on our machines.
import { PrismaPg } from "@prisma/adapter-pg";
import { defineConfig } from "prisma/config";
import { pgPoolConfigFromUrl } from "./src/infrastructure/persistence/pg-pool-config";

// Same default as src/config/config.ts. Without an adapter the CLI falls back to downloading
// the Rust query engine, which fails here, so there must always be one.
const DEFAULT_DATABASE_URL = "postgresql://postgres@127.0.0.1:5432/lottery";
process.env.DATABASE_URL ||= DEFAULT_DATABASE_URL;

export default defineConfig({
  schema: "prisma/schema.prisma",
  experimental: { adapter: true },
  engine: "js",
  async adapter() {
    return new PrismaPg(pgPoolConfigFromUrl(process.env.DATABASE_URL || DEFAULT_DATABASE_URL, { allowExitOnIdle: true }));
  },
});
