import type { z } from "zod";

const ARTICLE: Record<string, string> = {
  int: "an integer",
  number: "a number",
  string: "a string",
  boolean: "true or false",
  object: "a JSON object",
  array: "an array",
  bigint: "an integer",
};

/**
 * A validation problem in words for the person who sent the request: "expected an integer",
 * "is required", "unknown field color". zod's own messages say "received NaN" or name its
 * internals ("expected int, received number"). Passed to safeParse as its error map
 * (`{ error: plainIssueMessage }`): a message a schema sets itself still wins, as zod gives a
 * schema's own message precedence over the parse's map.
 */
export function plainIssueMessage(issue: z.core.$ZodRawIssue): string | undefined {
  switch (issue.code) {
    case "invalid_type":
      if (issue.input === undefined) return issue.expected === "object" && (issue.path ?? []).length === 0 ? "expected a JSON object" : "is required";
      return `expected ${ARTICLE[issue.expected] ?? issue.expected}`;
    case "invalid_value":
      return `expected one of ${issue.values.map((v) => JSON.stringify(v)).join(", ")}`;
    case "unrecognized_keys":
      return `unknown field${issue.keys.length === 1 ? "" : "s"} ${issue.keys.join(", ")}`;
    case "too_small":
      return bound(issue.origin, "at least", issue.minimum, issue.inclusive);
    case "too_big":
      return bound(issue.origin, "at most", issue.maximum, issue.inclusive);
    case "invalid_format":
      return issue.format === "regex" ? "has the wrong format" : `must be a valid ${issue.format}`;
    default:
      return undefined;
  }
}

/** The options of a parse whose failures are shown to people. */
export const PLAIN_MESSAGES = { error: plainIssueMessage } as const;

/** `field: problem`, the field as a path under `where` (body.strategy.awards.0.rate). */
export function describeIssue(issue: z.core.$ZodIssue, where: string): string {
  const field = issue.path.length > 0 ? `${where}.${issue.path.join(".")}` : where;
  return `${field}: ${issue.message}`;
}

function bound(origin: string, word: "at least" | "at most", limit: number | bigint, inclusive?: boolean): string {
  const n = Number(limit);
  switch (origin) {
    case "string":
      return word === "at least" && n === 1 ? "must not be empty" : `must be ${word} ${n} characters`;
    case "array":
    case "set":
      return word === "at least" && n === 1 ? "must not be empty" : `must have ${word} ${n} items`;
    default:
      if (inclusive === false) return `must be ${word === "at least" ? "greater" : "less"} than ${n}`;
      return `must be ${word} ${n}`;
  }
}

/**
 * For `z.coerce.number(EXPECT_INTEGER)` on path and query values: a text that is not a number
 * coerces to NaN, which zod reports as "received NaN"; this says what was expected instead,
 * and leaves the other checks (min, max) their own messages.
 */
export const EXPECT_INTEGER = {
  error: (issue: { code?: string }) => (issue.code === "invalid_type" ? "expected an integer" : undefined),
};
