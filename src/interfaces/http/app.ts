import express, { type Express, type Router } from "express";
import type { Logger } from "pino";
import { errorHandler, notFoundHandler } from "./error-handler";
import { requestContext } from "./request-context.middleware";

export interface HttpAppOptions {
  bodyLimit: string;
  routers: Router[];
  log: Logger;
}

export function createHttpApp({ bodyLimit, routers, log }: HttpAppOptions): Express {
  const app = express();
  app.disable("x-powered-by");
  app.set("trust proxy", false);
  app.use(express.json({ limit: bodyLimit }));
  app.use(requestContext);
  for (const router of routers) app.use(router);
  app.use(notFoundHandler);
  app.use(errorHandler(log));
  return app;
}
