import { Router, type Request } from "express";
import type { DrawUseCase } from "../../application/draw/draw.use-case";
import type { IdempotencyStore, StoredResponse } from "../../application/ports/idempotency-store.port";
import type { DrawOrderRepository } from "../../domain/award/draw-order.repository";
import type { Logger } from "../../infrastructure/logging/logger";
import type { Metrics } from "../../infrastructure/metrics/metrics";
import { toHttpError } from "./domain-error.mapping";
import { DrawRequest, IdempotencyKey, OrderIdParam, UserDrawsQuery, UserId } from "./draw.request";
import { deliveryJson, drawOutcomeJson, orderJson } from "./draw.response";
import { errorBody } from "./error-handler";
import { HttpError } from "./http-error";
import { validate } from "./validate";

export interface DrawRouteDeps {
  draw: DrawUseCase;
  orders: DrawOrderRepository;
  idempotency: IdempotencyStore;
  metrics?: Metrics;
  log?: Logger;
}

/** How long a retry waits for the first request with its Idempotency-Key to finish. */
const IDEMPOTENT_WAIT_MS = 5000;

/** User-facing routes (behind the gateway that authenticates users). */
export function drawRoutes({ draw, orders, idempotency, metrics, log }: DrawRouteDeps): Router {
  const router = Router();

  const runDraw = async (req: Request): Promise<StoredResponse> => {
    const body = validate(DrawRequest, req.body);
    const stopTimer = metrics?.drawDuration.startTimer();
    const result = await draw.execute({ uId: body.uId, activityId: body.activityId, shippingAddress: body.shippingAddress ?? null });
    stopTimer?.();
    if (!result.ok) {
      const refusal = errorBody(toHttpError(result.error));
      metrics?.draws.inc({ activity_id: String(body.activityId), result: refusal.body.code });
      log?.info({ uId: body.uId, activityId: body.activityId, result: refusal.body.code }, "draw refused");
      return refusal;
    }
    metrics?.draws.inc({ activity_id: String(body.activityId), result: result.value.result });
    const won = result.value.result === "WIN" ? result.value.order : undefined;
    log?.info(
      { uId: body.uId, activityId: body.activityId, takeId: result.value.takeId.toString(), orderId: won?.orderId.toString(), result: result.value.result },
      "draw answered",
    );
    return { status: 200, body: drawOutcomeJson(result.value) };
  };

  router.post("/api/v1/draws", async (req, res) => {
    const header = req.get("idempotency-key");
    if (header === undefined) {
      const answer = await runDraw(req);
      res.status(answer.status).json(answer.body);
      return;
    }
    const key = `draw:${validate(IdempotencyKey, header, "header.Idempotency-Key")}`;
    if (!(await idempotency.claim(key))) {
      const earlier = await idempotency.answerOf(key, IDEMPOTENT_WAIT_MS);
      if (earlier === "PENDING") throw new HttpError("IDEMPOTENCY_KEY_IN_USE", "a request with this Idempotency-Key is still running; retry later");
      if (earlier !== null) {
        res.set("Idempotent-Replayed", "true").status(earlier.status).json(earlier.body);
        return;
      }
      // The first request failed without an answer and freed its key: this one goes ahead.
      if (!(await idempotency.claim(key))) throw new HttpError("IDEMPOTENCY_KEY_IN_USE", "a request with this Idempotency-Key is still running; retry later");
    }
    let answer: StoredResponse;
    try {
      answer = await runDraw(req);
    } catch (error) {
      if (error instanceof HttpError && error.code === "ILLEGAL_PARAMETER") {
        await idempotency.remember(key, errorBody(error));
      } else {
        await idempotency.release(key).catch(() => undefined);
      }
      throw error;
    }
    await idempotency.remember(key, answer);
    res.status(answer.status).json(answer.body);
  });

  router.get("/api/v1/draws/:orderId", async (req, res) => {
    const orderId = BigInt(validate(OrderIdParam, req.params.orderId, "path.orderId"));
    const order = await orders.findOrder(orderId);
    if (!order) throw new HttpError("ORDER_NOT_FOUND", `order ${orderId} does not exist`);
    const delivery = await orders.findDelivery(orderId);
    res.json({
      ...orderJson(order),
      delivery: deliveryJson(delivery),
    });
  });

  router.get("/api/v1/users/:uId/draws", async (req, res) => {
    const uId = validate(UserId, req.params.uId, "path.uId");
    const { activityId } = validate(UserDrawsQuery, req.query, "query");
    const found = await orders.listByUser(uId, activityId);
    res.json({ uId, items: found.map(orderJson) });
  });
  return router;
}
