import { Router } from "express";
import type { DrawUseCase } from "../../application/draw/draw.use-case";
import type { OrderQueries } from "../../application/draw/order-queries";
import { toHttpError } from "./domain-error.mapping";
import { DrawRequest, IdempotencyKey, OrderIdParam, UserDrawsQuery, UserId } from "./draw.request";
import { deliveryJson, drawOutcomeJson, orderJson } from "./draw.response";
import { errorBody } from "./error-handler";
import { HttpError } from "./http-error";
import { jsonPostLane, type LaneAnswer, type LaneFactory } from "./http-lane";
import { requireJsonBody } from "./json-body.middleware";
import { validate } from "./validate";

/** What the draw route records: its latency and each answer (lottery_draw_* in Metrics). */
export interface DrawMeter {
  drawDuration: { startTimer(): () => unknown };
  draws: { inc(labels: { activity_id: string; result: string }): void };
}

export interface DrawRouteDeps {
  draw: DrawUseCase;
  orders: OrderQueries;
  metrics?: DrawMeter;
}

/** POST /api/v1/draws beside express, for the plain case (see jsonPostLane). */
export function drawLane(deps: Pick<DrawRouteDeps, "draw" | "metrics">): LaneFactory {
  return jsonPostLane("/api/v1/draws", (body, headers) => answerDraw(deps, body, headers["idempotency-key"]));
}

/** A draw request as its answer: the outcome, or the refusal with its status; a bad request throws ILLEGAL_PARAMETER. */
async function answerDraw({ draw, metrics }: Pick<DrawRouteDeps, "draw" | "metrics">, json: unknown, idempotencyHeader: string | string[] | undefined): Promise<LaneAnswer> {
  const idempotencyKey = idempotencyHeader === undefined ? undefined : validate(IdempotencyKey, idempotencyHeader, "header.Idempotency-Key");
  const body = validate(DrawRequest, json);
  const stopTimer = metrics?.drawDuration.startTimer();
  const result = await draw.execute({ uId: body.uId, activityId: body.activityId, shippingAddress: body.shippingAddress ?? null, idempotencyKey });
  stopTimer?.();
  if (!result.ok) {
    const refusal = errorBody(toHttpError(result.error));
    metrics?.draws.inc({ activity_id: String(body.activityId), result: refusal.body.code });
    return refusal;
  }
  metrics?.draws.inc({ activity_id: String(body.activityId), result: result.value.result });
  return { status: 200, body: drawOutcomeJson(result.value), headers: result.value.replayed ? { "Idempotent-Replayed": "true" } : undefined };
}

/** User-facing routes (behind the gateway that authenticates users). */
export function drawRoutes({ draw, orders, metrics }: DrawRouteDeps): Router {
  const router = Router();

  // The plain case never gets here: drawLane answers it without express (http-lane.ts).
  router.post("/api/v1/draws", requireJsonBody, async (req, res) => {
    const answer = await answerDraw({ draw, metrics }, req.body, req.get("idempotency-key"));
    res.status(answer.status).set(answer.headers ?? {}).json(answer.body);
  });

  router.get("/api/v1/draws/:orderId", async (req, res) => {
    const orderId = BigInt(validate(OrderIdParam, req.params.orderId, "path.orderId"));
    const found = await orders.order(orderId);
    if (!found) throw new HttpError("ORDER_NOT_FOUND", `order ${orderId} does not exist`);
    res.json({
      ...orderJson(found.order),
      delivery: deliveryJson(found.delivery),
    });
  });

  router.get("/api/v1/users/:uId/draws", async (req, res) => {
    const uId = validate(UserId, req.params.uId, "path.uId");
    const { activityId, page, size } = validate(UserDrawsQuery, req.query, "query");
    const found = await orders.ordersOfUser(uId, { activityId, page, size });
    res.json({ uId, page, size, total: found.total, items: found.items.map(orderJson) });
  });
  return router;
}
