import { Router, type RequestHandler } from "express";
import type { OperatorQueries } from "../../application/operator/operator-queries";
import type { ReplayDeadLettersUseCase } from "../../application/operator/replay-dead-letters.use-case";
import type { ResendAllStuckUseCase } from "../../application/operator/resend-all-stuck.use-case";
import type { DeadLetterReason } from "../../application/ports/dead-letter-log.port";
import { DependencyUnavailableError } from "../../shared/errors";
import { HttpError } from "./http-error";
import { DeadLettersQuery, ReplayDeadLettersRequest, StuckQuery } from "./operator.request";
import { deadLettersJson, replayJson, stuckJson, summaryJson } from "./operator.response";
import { requireJsonBody } from "./json-body.middleware";
import { validate } from "./validate";

export interface OperatorRouteDeps {
  requireOperator: RequestHandler;
  queries: OperatorQueries;
  replay: ReplayDeadLettersUseCase;
  resendAll: ResendAllStuckUseCase;
}

/**
 * What the CLI's summary, stuck and dlq commands show and do, over REST for the console; all
 * need the operator token. A dependency that is away answers 503 (error-handler.ts).
 */
export function operatorRoutes({ requireOperator, queries, replay, resendAll }: OperatorRouteDeps): Router {
  const router = Router();
  router.use("/api/v1/operator", requireOperator);

  router.get("/api/v1/operator/summary", async (_req, res) => {
    res.json(summaryJson(await queries.liveSummary()));
  });

  router.get("/api/v1/operator/stuck", async (req, res) => {
    const { limit } = validate(StuckQuery, req.query, "query");
    res.json(stuckJson(await queries.stuck(limit)));
  });

  router.post("/api/v1/operator/stuck/resend", async (_req, res) => {
    const outcome = await resendAll.execute();
    // What was sent stays sent; the rest wait for the scanner, and a retry of this call picks them up.
    if (outcome.error !== undefined) throw new DependencyUnavailableError("kafka", `re-send failed after ${outcome.resent} re-sent: ${outcome.error}`);
    res.json({ resent: outcome.resent });
  });

  router.get("/api/v1/operator/consumer-lag", async (_req, res) => {
    res.json(await queries.consumerLag());
  });

  router.get("/api/v1/operator/dead-letters", async (req, res) => {
    const { reason } = validate(DeadLettersQuery, req.query, "query");
    res.json(deadLettersJson(await queries.listDeadLetters(reason as DeadLetterReason | undefined)));
  });

  router.post("/api/v1/operator/dead-letters/replay", requireJsonBody, async (req, res) => {
    // No body, or an empty one, replays every dead letter not replayed yet.
    const { orderId, reason } = validate(ReplayDeadLettersRequest, req.body ?? {});
    const outcome = await replay.execute({ orderId, reason: reason as DeadLetterReason | undefined });
    if (outcome === null) throw new HttpError("DEAD_LETTER_NOT_FOUND", `no dead letter for order ${orderId}`);
    res.json(replayJson(outcome));
  });
  return router;
}
