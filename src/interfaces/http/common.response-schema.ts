import { z } from "zod";

/** Every error the API answers: {"code","message"} (error-handler.ts). */
export const ErrorResponse = z.strictObject({ code: z.string(), message: z.string(), fields: z.array(z.strictObject({ path: z.string(), message: z.string() })).optional() });

/** Every invalid field of a request that failed validation (ILLEGAL_PARAMETER), path first. */
export const FieldErrors = z.array(z.strictObject({ path: z.string(), message: z.string() })).min(1);

/**
 * An error body whose code is one of `codes` (the codes a route answers with one status). A 400
 * ILLEGAL_PARAMETER from validation also carries `fields`; clients that know only code and
 * message can ignore it.
 */
export function errorResponseOf(codes: readonly [string, ...string[]]) {
  if (codes.includes("ILLEGAL_PARAMETER")) return z.strictObject({ code: z.enum(codes), message: z.string(), fields: FieldErrors.optional() });
  return z.strictObject({ code: z.enum(codes), message: z.string() });
}

const DependencyName = z.enum(["postgres", "redis", "kafka"]);
const DependencyStatus = z.union([z.strictObject({ status: z.literal("up") }), z.strictObject({ status: z.literal("down"), reason: z.string() })]);
const Dependencies = z.partialRecord(DependencyName, DependencyStatus);

/** GET /health/live. */
export const LiveResponse = z.strictObject({ status: z.literal("live") });

/** GET /health/ready, 200. */
export const ReadyResponse = z.strictObject({ status: z.literal("ready"), dependencies: Dependencies });

/** GET /health/ready, 503: an error body that also names what is down. */
export const NotReadyResponse = z.strictObject({
  code: z.literal("UNAVAILABLE"),
  message: z.string(),
  failing: z.array(DependencyName),
  dependencies: Dependencies,
});
