import type { PoolConfig } from "pg";

/**
 * Turns a postgresql:// URL into a pg pool config object. An object, not the bare string,
 * because pg lets a connection string's database win over any `database` field we set
 * (per-test databases depend on this).
 */
export function pgPoolConfigFromUrl(databaseUrl: string, overrides: PoolConfig = {}): PoolConfig {
  const url = new URL(databaseUrl);
  if (url.protocol !== "postgresql:" && url.protocol !== "postgres:") {
    throw new Error(`DATABASE_URL must start with postgresql://, got ${url.protocol}//`);
  }
  const schema = url.searchParams.get("schema");
  // libpq's ?host=/run/postgresql: a Unix socket directory, cheaper than TCP on the same machine.
  const socketDir = url.searchParams.get("host");
  // libpq's ?application_name=: how the connections are named in pg_stat_activity.
  const applicationName = url.searchParams.get("application_name");
  return {
    host: socketDir || decodeURIComponent(url.hostname) || "127.0.0.1",
    port: url.port ? Number(url.port) : 5432,
    user: url.username ? decodeURIComponent(url.username) : undefined,
    password: url.password ? decodeURIComponent(url.password) : undefined,
    database: url.pathname.length > 1 ? decodeURIComponent(url.pathname.slice(1)) : undefined,
    ...(schema ? { options: `-c search_path=${schema}` } : {}),
    ...(applicationName ? { application_name: applicationName } : {}),
    ...overrides,
  };
}

/** The URL with its password replaced, safe to log. */
export function redactDatabaseUrl(databaseUrl: string): string {
  try {
    const url = new URL(databaseUrl);
    if (url.password) url.password = "***";
    return url.toString();
  } catch {
    return "<unparseable DATABASE_URL>";
  }
}
