import type { z } from "zod";
import { HttpError } from "./http-error";
import { PLAIN_MESSAGES, describeIssue } from "./issue-message";

/** Parses with a schema or throws ILLEGAL_PARAMETER naming the first bad field and what it expects. */
export function validate<S extends z.ZodType>(schema: S, input: unknown, where = "body"): z.infer<S> {
  const parsed = schema.safeParse(input, PLAIN_MESSAGES);
  if (parsed.success) return parsed.data;
  throw new HttpError("ILLEGAL_PARAMETER", describeIssue(parsed.error.issues[0], where));
}
