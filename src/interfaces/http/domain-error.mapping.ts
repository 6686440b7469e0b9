import type { DomainError } from "../../shared/domain-error";
import { HttpError } from "./http-error";

/**
 * A domain refusal as the HTTP error it answers: its code is already the public code, and the
 * status comes from the one table in error-status.ts. Only the code decides, never the message.
 */
export function toHttpError(error: DomainError): HttpError {
  return new HttpError(error.code, error.message);
}
