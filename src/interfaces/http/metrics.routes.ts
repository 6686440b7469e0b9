import { Router } from "express";
/** What the scrape serves: a Prometheus registry (Metrics.registry). */
export interface MetricsExposition {
  registry: { contentType: string; metrics(): Promise<string> };
}

/** Prometheus scrape endpoint, served by every role. */
export function metricsRoutes(metrics: MetricsExposition): Router {
  const router = Router();
  router.get("/metrics", async (_req, res) => {
    res.set("content-type", metrics.registry.contentType).send(await metrics.registry.metrics());
  });
  return router;
}
