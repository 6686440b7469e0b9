import type { z } from "zod";
import { HttpError } from "./http-error";

/** Parses with a schema or throws ILLEGAL_PARAMETER naming the first bad field. */
export function validate<S extends z.ZodType>(schema: S, input: unknown, where = "body"): z.infer<S> {
  const parsed = schema.safeParse(input);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  const field = issue.path.length > 0 ? `${where}.${issue.path.join(".")}` : where;
  throw new HttpError("ILLEGAL_PARAMETER", `${field}: ${issue.message}`);
}
