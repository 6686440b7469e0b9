import { Router } from "express";
import type { Metrics } from "../../infrastructure/metrics/metrics";

/** Prometheus scrape endpoint, served by every role. */
export function metricsRoutes(metrics: Metrics): Router {
  const router = Router();
  router.get("/metrics", async (_req, res) => {
    res.set("content-type", metrics.registry.contentType).send(await metrics.registry.metrics());
  });
  return router;
}
