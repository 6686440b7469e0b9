import type { DomainError, FieldProblem } from "../../shared/domain-error";
import { HttpError, type FieldError } from "./http-error";

/**
 * A domain refusal as the HTTP error it answers: its code is already the public code, and the
 * status comes from the one table in error-status.ts. Only the code decides, never the message.
 * Bad input that names its field gains `fields`, as schema validation gives them (validate.ts),
 * so the console shows a rule the schema cannot check (rates summing past 1) beside its field.
 */
export function toHttpError(error: DomainError): HttpError {
  return new HttpError(error.code, error.message, error.field ? [bodyField(error.field)] : undefined);
}

/** `strategy.awards[2].rate` as validation writes paths: `body.strategy.awards.2.rate`. */
function bodyField(field: FieldProblem): FieldError {
  return { path: `body.${field.path.replace(/\[(\d+)\]/g, ".$1")}`, message: field.problem };
}
