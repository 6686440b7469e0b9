/** Expected refusals of a draw; the HTTP layer maps each code to its REST code (DOMAIN.md). */
export type DrawErrorCode =
  | "ACTIVITY.NOT_FOUND"
  | "ACTIVITY.NOT_OPEN"
  | "ACTIVITY.OUT_OF_STOCK"
  | "TAKE.LIMIT_REACHED"
  | "IDEMPOTENCY.KEY_IN_USE"
  | "IDEMPOTENCY.KEY_REUSED";

export class DrawError {
  constructor(
    readonly code: DrawErrorCode,
    readonly message: string,
  ) {}
}

export const idempotencyKeyInUse = () =>
  new DrawError("IDEMPOTENCY.KEY_IN_USE", "a request with this Idempotency-Key is still running; retry later");

export const idempotencyKeyReused = () =>
  new DrawError("IDEMPOTENCY.KEY_REUSED", "this Idempotency-Key was used for a request with another body; use a new key for a new request");
