import { DrawOrder, type DrawOrderProps } from "../../domain/award/draw-order.entity";
import type { StoredAnswer } from "../ports/idempotency-store.port";
import { DrawError, type DrawErrorCode } from "./draw.errors";
import type { DrawOutcome } from "./draw-outcome";

type StoredOrder = Omit<DrawOrderProps, "orderId" | "takeId" | "createdAt"> & { orderId: string; takeId: string | null; createdAt: string };
type StoredOutcome = { result: "LOSE"; takeId: string } | { result: "WIN"; takeId: string; order: StoredOrder };

/** A draw's answer as the idempotency store keeps it (JSON: ids as decimal strings). */
export function storedAnswerOf(answer: DrawOutcome | DrawError): StoredAnswer {
  if (answer instanceof DrawError) return { kind: "REFUSED", code: answer.code, message: answer.message };
  const outcome: StoredOutcome =
    answer.result === "LOSE"
      ? { result: "LOSE", takeId: answer.takeId.toString() }
      : { result: "WIN", takeId: answer.takeId.toString(), order: storedOrder(answer.order) };
  return { kind: "OUTCOME", outcome };
}

export function answerFromStored(stored: StoredAnswer): DrawOutcome | DrawError {
  // Answers stored before codes were unified carry the dotted form (ACTIVITY.NOT_OPEN).
  if (stored.kind === "REFUSED") return new DrawError(stored.code.replace(".", "_") as DrawErrorCode, stored.message);
  const outcome = stored.outcome as StoredOutcome;
  if (outcome.result === "LOSE") return { result: "LOSE", takeId: BigInt(outcome.takeId), replayed: true };
  const o = outcome.order;
  const order = DrawOrder.restore({ ...o, orderId: BigInt(o.orderId), takeId: o.takeId === null ? null : BigInt(o.takeId), createdAt: new Date(o.createdAt) });
  return { result: "WIN", takeId: BigInt(outcome.takeId), order, replayed: true };
}

function storedOrder(order: DrawOrder): StoredOrder {
  const o = order.toProps();
  return { ...o, orderId: o.orderId.toString(), takeId: o.takeId?.toString() ?? null, createdAt: o.createdAt.toISOString() };
}
