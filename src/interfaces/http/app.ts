import type { RequestListener } from "node:http";
import express, { type Router } from "express";
import type { Logger } from "pino";
import type { Dependency } from "../../shared/errors";
import { errorHandler, errorResponder, notFoundHandler } from "./error-handler";
import { bodyLimitBytes, type LaneFactory } from "./http-lane";
import { requestContext } from "./request-context.middleware";

export interface HttpAppOptions {
  bodyLimit: string;
  routers: Router[];
  /** Routes served beside express for their plain case (http-lane.ts); the rest of their requests reach the routers. */
  lanes?: LaneFactory[];
  log: Logger;
  /** Which dependency an error says is away (infrastructure/outage.ts); those answer 503. */
  outageOf: (error: unknown) => Dependency | null;
}

/** The service's HTTP handler: each lane first, then the express app with every router. */
export function createHttpApp({ bodyLimit, routers, lanes = [], log, outageOf }: HttpAppOptions): RequestListener {
  const respondToError = errorResponder(log, outageOf);
  const app = express();
  app.disable("x-powered-by");
  app.set("trust proxy", false);
  // The media types requireJsonBody lets in (json-body.middleware.ts), +json included.
  app.use(express.json({ limit: bodyLimit, type: ["application/json", "application/*+json"] }));
  app.use(requestContext);
  for (const router of routers) app.use(router);
  app.use(notFoundHandler);
  app.use(errorHandler(respondToError));
  const taken = lanes.map((lane) => lane({ bodyLimitBytes: bodyLimitBytes(bodyLimit), respondToError }));
  return (req, res) => {
    for (const lane of taken) if (lane(req, res)) return;
    void app(req, res);
  };
}
