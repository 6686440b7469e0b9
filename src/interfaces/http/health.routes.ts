import { Router } from "express";
import type { CheckReadinessUseCase } from "../../application/health/check-readiness.use-case";

/** Liveness says the process answers; readiness says it can do its work (Postgres, Redis, Kafka). */
export function healthRoutes(checkReadiness: CheckReadinessUseCase): Router {
  const router = Router();
  router.get("/health/live", (_req, res) => {
    res.json({ status: "live" });
  });
  router.get("/health/ready", async (_req, res) => {
    const report = await checkReadiness.execute();
    if (report.ready) {
      res.json({ status: "ready", dependencies: report.dependencies });
      return;
    }
    const reasons = report.failing.map((name) => {
      const dependency = report.dependencies[name];
      return dependency?.status === "down" ? `${name} (${dependency.reason})` : name;
    });
    res.status(503).json({
      code: "UNAVAILABLE",
      message: `not ready: ${reasons.join(", ")} down`,
      failing: report.failing,
      dependencies: report.dependencies,
    });
  });
  return router;
}
