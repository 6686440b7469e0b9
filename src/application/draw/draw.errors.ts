import { DomainError } from "../../shared/domain-error";

/** Expected refusals of a draw; each code is its public REST code (DOMAIN.md). */
export type DrawErrorCode =
  | "ACTIVITY_NOT_FOUND"
  | "ACTIVITY_NOT_OPEN"
  | "ACTIVITY_OUT_OF_STOCK"
  | "TAKE_LIMIT_REACHED"
  | "IDEMPOTENCY_KEY_IN_USE"
  | "IDEMPOTENCY_KEY_REUSED";

export class DrawError extends DomainError<DrawErrorCode> {}

export const idempotencyKeyInUse = () =>
  new DrawError("IDEMPOTENCY_KEY_IN_USE", "a request with this Idempotency-Key is still running; retry later");

export const idempotencyKeyReused = () =>
  new DrawError("IDEMPOTENCY_KEY_REUSED", "this Idempotency-Key was used for a request with another body; use a new key for a new request");
