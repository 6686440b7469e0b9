import { z } from "zod";

/** The awardId path segment of the redeem-code routes: the award's id as deployed (1 to 64 characters). */
export const AwardIdParam = z.string().min(1).max(64);
