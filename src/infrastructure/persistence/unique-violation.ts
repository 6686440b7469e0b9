/**
 * The constraint named by a unique violation (Prisma P2002, or a raw query's P2010 whose cause is
 * one), or undefined for any other error.
 * Through the pg driver adapter the name is under meta.driverAdapterError.cause, not meta.target.
 */
export function uniqueViolationConstraint(error: unknown): string | undefined {
  const candidate = error as { code?: string; meta?: { target?: unknown; driverAdapterError?: { cause?: { constraint?: unknown; kind?: string } } } };
  // P2010: a raw query failed; through the driver adapter its cause says what kind of failure.
  const rawUniqueViolation = candidate?.code === "P2010" && candidate.meta?.driverAdapterError?.cause?.kind === "UniqueConstraintViolation";
  if (candidate?.code !== "P2002" && !rawUniqueViolation) return undefined;
  const constraint = candidate.meta?.driverAdapterError?.cause?.constraint ?? candidate.meta?.target;
  if (typeof constraint === "string") return constraint;
  if (constraint && typeof constraint === "object" && "index" in constraint) return String((constraint as { index: unknown }).index);
  return Array.isArray(constraint) ? constraint.join(",") : "unknown";
}
