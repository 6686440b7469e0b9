import type { z } from "zod";
import { HttpError, type FieldError } from "./http-error";
import { PLAIN_MESSAGES } from "../contract/issue-message";

/**
 * Parses with a schema or throws ILLEGAL_PARAMETER: the message names the first bad field and what
 * it expects, and `fields` lists every bad field with its path (`body.strategy.awards.0.rate`), so
 * a form (the console's deploy box) can show each error next to its field. The words are plain
 * (issue-message.ts): never "received NaN" or zod's internals.
 */
export function validate<S extends z.ZodType>(schema: S, input: unknown, where = "body"): z.infer<S> {
  const parsed = schema.safeParse(input, PLAIN_MESSAGES);
  if (parsed.success) return parsed.data;
  const fields: FieldError[] = parsed.error.issues.map((issue) => ({
    path: issue.path.length > 0 ? `${where}.${issue.path.map(String).join(".")}` : where,
    message: issue.message,
  }));
  throw new HttpError("ILLEGAL_PARAMETER", `${fields[0].path}: ${fields[0].message}`, fields);
}
