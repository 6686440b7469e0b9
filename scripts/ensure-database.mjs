// Creates the database named in DATABASE_URL when it does not exist yet (first `npm start`).
import pg from "pg";

const url = new URL(process.env.DATABASE_URL || "postgresql://postgres@127.0.0.1:5432/lottery");
const database = decodeURIComponent(url.pathname.slice(1));
if (!/^[A-Za-z0-9_-]+$/.test(database)) {
  console.error(`ensure-database: unsupported database name in DATABASE_URL: "${database}"`);
  process.exit(2);
}
const admin = new pg.Client({
  host: url.hostname,
  port: Number(url.port || 5432),
  user: decodeURIComponent(url.username) || undefined,
  password: decodeURIComponent(url.password) || undefined,
  database: "postgres",
});
try {
  await admin.connect();
  const { rowCount } = await admin.query("SELECT 1 FROM pg_database WHERE datname = $1", [database]);
  if (rowCount === 0) {
    await admin.query(`CREATE DATABASE "${database}"`);
    console.error(`ensure-database: created database ${database}`);
  }
} catch (error) {
  console.error(`ensure-database: cannot prepare database ${database} on ${url.host}: ${error.message}`);
  process.exit(1);
} finally {
  await admin.end().catch(() => undefined);
}
