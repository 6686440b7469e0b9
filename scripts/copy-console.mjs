// The console's static files are not TypeScript, so tsc leaves them behind: copy them next to
// the compiled console.routes.js, which serves them (and the Docker image, which ships dist/src).
import { cpSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
cpSync(join(root, "src/interfaces/http/console"), join(root, "dist/src/interfaces/http/console"), { recursive: true });
