/** Expected refusals of a draw; the HTTP layer maps each code to its REST code (DOMAIN.md). */
export type DrawErrorCode = "ACTIVITY.NOT_FOUND" | "ACTIVITY.NOT_OPEN" | "ACTIVITY.OUT_OF_STOCK" | "TAKE.LIMIT_REACHED";

export class DrawError {
  constructor(
    readonly code: DrawErrorCode,
    readonly message: string,
  ) {}
}
