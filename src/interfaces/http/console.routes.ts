import { existsSync, readdirSync, readFileSync } from "node:fs";
import { extname, join } from "node:path";
import { Router } from "express";
import { HttpError } from "./http-error";

const MEDIA_TYPES: Record<string, string> = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
};

/**
 * Only the service's own files, and only from this origin: the console works offline and a dead
 * letter's text, shown on the page, can never load or run anything.
 */
const SECURITY_HEADERS = {
  "content-security-policy": "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; img-src 'self'; form-action 'none'; frame-ancestors 'none'; base-uri 'none'",
  "x-content-type-options": "nosniff",
  "referrer-policy": "no-referrer",
  "cache-control": "no-cache",
};

/**
 * GET /console: the operator console (DOMAIN.md, "Operator console"), plain HTML, CSS and ES
 * modules from ./console, read once at start (`npm run build` copies them next to the compiled
 * routes). The page itself holds no data: everything it shows comes from the operator routes,
 * with the token the operator types in.
 */
export function consoleRoutes(directory = join(__dirname, "console")): Router {
  const assets = new Map<string, { type: string; body: Buffer }>();
  if (existsSync(directory)) {
    for (const name of readdirSync(directory)) {
      const type = MEDIA_TYPES[extname(name)];
      if (type) assets.set(name, { type, body: readFileSync(join(directory, name)) });
    }
  }
  const send = (name: string, res: import("express").Response): void => {
    const asset = assets.get(name);
    if (!asset) throw new HttpError("NOT_FOUND", assets.size === 0 ? `console files missing in ${directory}: run npm run build` : `no console file ${name}`);
    res.set(SECURITY_HEADERS).type(asset.type).send(asset.body);
  };

  const router = Router();
  router.get("/console", (_req, res) => send("index.html", res));
  router.get("/console/:asset", (req, res) => send(req.params.asset, res));
  return router;
}
