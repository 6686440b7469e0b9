import { z } from "zod";
import { DEAD_LETTER_REASONS } from "../../application/ports/dead-letter-log.port";

const Reason = z.enum(DEAD_LETTER_REASONS as [string, ...string[]]);

/** GET /api/v1/operator/stuck?limit= */
export const StuckQuery = z.strictObject({ limit: z.coerce.number().int().min(1).max(1000).default(100) });

/** GET /api/v1/operator/dead-letters?reason= */
export const DeadLettersQuery = z.strictObject({ reason: Reason.optional() });

/** POST /api/v1/operator/dead-letters/replay: one order's dead letters, one reason's, or all (an empty body). */
export const ReplayDeadLettersRequest = z.strictObject({
  orderId: z.string().regex(/^[1-9]\d{0,18}$/, "orderId is a positive decimal integer string").optional(),
  reason: Reason.optional(),
});
