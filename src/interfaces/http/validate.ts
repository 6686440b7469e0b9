import type { z } from "zod";
import { HttpError, type FieldError } from "./http-error";

/**
 * Parses with a schema or throws ILLEGAL_PARAMETER: the message names the first bad field, and
 * `fields` lists every bad field with its path (`body.strategy.awards.0.rate`), so a form (the
 * console's deploy box) can show each error next to its field.
 */
export function validate<S extends z.ZodType>(schema: S, input: unknown, where = "body"): z.infer<S> {
  const parsed = schema.safeParse(input);
  if (parsed.success) return parsed.data;
  const fields: FieldError[] = parsed.error.issues.map((issue) => ({
    path: issue.path.length > 0 ? `${where}.${issue.path.map(String).join(".")}` : where,
    message: issue.message,
  }));
  throw new HttpError("ILLEGAL_PARAMETER", `${fields[0].path}: ${fields[0].message}`, fields);
}
