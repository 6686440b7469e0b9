/** An error the HTTP layer answers with its code; the status comes from the one table in error-status.ts. */
export class HttpError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = "HttpError";
  }
}
