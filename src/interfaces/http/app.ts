import express, { type Express, type Router } from "express";
import type { Logger } from "pino";
import type { Dependency } from "../../shared/errors";
import { errorHandler, notFoundHandler } from "./error-handler";
import { requestContext } from "./request-context.middleware";

export interface HttpAppOptions {
  bodyLimit: string;
  routers: Router[];
  log: Logger;
  /** Which dependency an error says is away (infrastructure/outage.ts); those answer 503. */
  outageOf: (error: unknown) => Dependency | null;
}

export function createHttpApp({ bodyLimit, routers, log, outageOf }: HttpAppOptions): Express {
  const app = express();
  app.disable("x-powered-by");
  app.set("trust proxy", false);
  app.use(express.json({ limit: bodyLimit }));
  app.use(requestContext);
  for (const router of routers) app.use(router);
  app.use(notFoundHandler);
  app.use(errorHandler(log, outageOf));
  return app;
}
