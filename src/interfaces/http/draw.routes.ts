import { Router } from "express";
import type { DrawUseCase } from "../../application/draw/draw.use-case";
import type { OrderQueries } from "../../application/draw/order-queries";
import { toHttpError } from "./domain-error.mapping";
import { DrawRequest, IdempotencyKey, OrderIdParam, UserDrawsQuery, UserId } from "./draw.request";
import { deliveryJson, drawOutcomeJson, orderJson } from "./draw.response";
import { errorBody } from "./error-handler";
import { HttpError } from "./http-error";
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

/** User-facing routes (behind the gateway that authenticates users). */
export function drawRoutes({ draw, orders, metrics }: DrawRouteDeps): Router {
  const router = Router();

  router.post("/api/v1/draws", requireJsonBody, async (req, res) => {
    const header = req.get("idempotency-key");
    const idempotencyKey = header === undefined ? undefined : validate(IdempotencyKey, header, "header.Idempotency-Key");
    const body = validate(DrawRequest, req.body);
    const stopTimer = metrics?.drawDuration.startTimer();
    const result = await draw.execute({ uId: body.uId, activityId: body.activityId, shippingAddress: body.shippingAddress ?? null, idempotencyKey });
    stopTimer?.();
    if (!result.ok) {
      const refusal = errorBody(toHttpError(result.error));
      metrics?.draws.inc({ activity_id: String(body.activityId), result: refusal.body.code });
      res.status(refusal.status).json(refusal.body);
      return;
    }
    metrics?.draws.inc({ activity_id: String(body.activityId), result: result.value.result });
    if (result.value.replayed) res.set("Idempotent-Replayed", "true");
    res.json(drawOutcomeJson(result.value));
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
