/**
 * The constraint named by a unique violation (Prisma P2002), or undefined for any other error.
 * Through the pg driver adapter the name is under meta.driverAdapterError.cause, not meta.target.
 */
export function uniqueViolationConstraint(error: unknown): string | undefined {
  const candidate = error as { code?: string; meta?: { target?: unknown; driverAdapterError?: { cause?: { constraint?: unknown } } } };
  if (candidate?.code !== "P2002") return undefined;
  const constraint = candidate.meta?.driverAdapterError?.cause?.constraint ?? candidate.meta?.target;
  if (typeof constraint === "string") return constraint;
  if (constraint && typeof constraint === "object" && "index" in constraint) return String((constraint as { index: unknown }).index);
  return Array.isArray(constraint) ? constraint.join(",") : "unknown";
}
