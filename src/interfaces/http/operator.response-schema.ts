import { z } from "zod";
import { ACTIVITY_ACTIONS } from "../contract/activity.request";

const ActivityStateName = z.enum(["EDIT", "ARRAIGNMENT", "REVOKE", "PASS", "DOING", "REFUSE", "CLOSE", "OPEN"]);
const GrantStateName = z.enum(["INIT", "COMPLETE", "FAIL", "AWAITING_ADDRESS"]);

/** GET /api/v1/operator/summary (operator.response.ts summaryJson). */
export const OperatorSummaryResponse = z.strictObject({
  items: z.array(
    z.strictObject({
      activityId: z.number().int(),
      name: z.string(),
      state: ActivityStateName,
      actions: z.array(z.enum(ACTIVITY_ACTIONS)),
      stockCount: z.number().int(),
      stockSurplusCount: z.number().int(),
      stockLeft: z.number().int(),
      liveStock: z.boolean(),
      takes: z.number().int(),
      wins: z.number().int(),
      granted: z.number().int(),
      pending: z.number().int(),
      failed: z.number().int(),
    }),
  ),
});

/** GET /api/v1/operator/stuck. */
export const StuckInvoicesResponse = z.strictObject({
  total: z.number().int(),
  items: z.array(
    z.strictObject({
      orderId: z.string(),
      uId: z.string(),
      activityId: z.number().int(),
      awardName: z.string(),
      mqState: z.enum(["INIT", "COMPLETE", "FAIL"]),
      createdAt: z.iso.datetime(),
    }),
  ),
});

/** POST /api/v1/operator/stuck/resend. */
export const ResendStuckResponse = z.strictObject({ resent: z.number().int() });

/** GET /api/v1/operator/dead-letters. */
export const DeadLettersResponse = z.strictObject({
  topic: z.string(),
  total: z.number().int(),
  replayed: z.number().int(),
  items: z.array(
    z.strictObject({
      partition: z.number().int(),
      offset: z.string(),
      orderId: z.string().nullable(),
      key: z.string(),
      value: z.string(),
      reason: z.enum(["malformed", "unknown_order", "failed"]),
      error: z.string().nullable(),
      attempts: z.number().int().nullable(),
      replayed: z.boolean(),
      grantState: GrantStateName.nullable(),
    }),
  ),
});

/** POST /api/v1/operator/dead-letters/replay. */
export const ReplayDeadLettersResponse = z.strictObject({
  from: z.string(),
  to: z.string(),
  replayed: z.number().int(),
  skipped: z.number().int(),
  items: z.array(z.strictObject({ partition: z.number().int(), offset: z.string(), orderId: z.string().nullable() })),
});

/** GET /api/v1/operator/consumer-lag. */
export const ConsumerLagResponse = z.strictObject({
  groupId: z.string(),
  topic: z.string(),
  total: z.number().int(),
  partitions: z.array(z.strictObject({ partition: z.number().int(), lag: z.number().int() })),
});
