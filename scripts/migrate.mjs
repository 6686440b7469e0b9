// `npm run db:migrate`: applies the committed migrations with `prisma migrate deploy`.
//
// Why a wrapper: through the pg driver adapter, Prisma 6.19's JS schema engine leaves the
// 10 s timer of its advisory-lock timeout pending after it has finished, so the CLI idles
// 10 s before exiting (seen on every run here, with or without work to do). Once the CLI has
// printed its success line the work is committed and its lock released with its connection,
// so we give it a moment to exit on its own and otherwise end it. Errors pass through as they are.
import { spawn } from "node:child_process";
import path from "node:path";
import { fileURLToPath } from "node:url";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const DONE = /All migrations have been successfully applied\.|No pending migrations to apply\./;

const child = spawn(path.join(root, "node_modules/.bin/prisma"), ["migrate", "deploy"], {
  cwd: root,
  env: process.env,
  stdio: ["ignore", "pipe", "inherit"],
});
let finished = false;
child.stdout.on("data", (chunk) => {
  process.stdout.write(chunk);
  if (!finished && DONE.test(chunk.toString())) {
    finished = true;
    setTimeout(() => child.kill("SIGTERM"), 500).unref();
  }
});
child.on("exit", (code, signal) => {
  if (finished) process.exit(0);
  if (signal) console.error(`migrate: prisma migrate deploy ended by ${signal}`);
  process.exit(code ?? 1);
});
