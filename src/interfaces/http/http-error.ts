/** One invalid field of a request: where (`body.stockCount`, `query.size`) and what is wrong. */
export interface FieldError {
  path: string;
  message: string;
}

/** An error the HTTP layer answers with its code; the status comes from the one table in error-status.ts. */
export class HttpError extends Error {
  constructor(
    readonly code: string,
    message: string,
    /** Validation errors (ILLEGAL_PARAMETER) carry every bad field; the body gains `fields`. */
    readonly fields?: readonly FieldError[],
  ) {
    super(message);
    this.name = "HttpError";
  }
}
