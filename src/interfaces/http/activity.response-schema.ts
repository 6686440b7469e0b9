import { z } from "zod";
import { ACTIVITY_STATE_NAMES, AWARD_TYPE_NAMES, STRATEGY_MODE_NAMES } from "../contract/activity.request";

/** The JSON of activity.response.ts, as the activity routes answer it. */
export const ActivityResponse = z.strictObject({
  activityId: z.number().int(),
  name: z.string(),
  description: z.string(),
  beginAt: z.iso.datetime(),
  endAt: z.iso.datetime(),
  stockCount: z.number().int(),
  stockSurplusCount: z.number().int(),
  takeCount: z.number().int(),
  strategyId: z.number().int(),
  state: z.enum(ACTIVITY_STATE_NAMES),
  creator: z.string(),
});

export const DeployedActivityResponse = ActivityResponse.extend({
  strategy: z.strictObject({
    strategyId: z.number().int(),
    mode: z.enum(STRATEGY_MODE_NAMES),
    grantType: z.number().int(),
    awards: z.array(
      z.strictObject({
        awardId: z.string(),
        type: z.enum(AWARD_TYPE_NAMES),
        name: z.string(),
        content: z.string(),
        count: z.number().int(),
        surplus: z.number().int(),
        rate: z.string().regex(/^\d+(\.\d+)?$/),
        /** REDEEM_CODE awards only: what a grant does once the code pool is empty; null when deployed before awards had a policy. */
        whenPoolEmpty: z.enum(["GENERATE", "FAIL"]).nullable().optional(),
      }),
    ),
  }),
});

/** POST /api/v1/activities/{activityId}/state, 200. */
export const StateMoveResponse = z.strictObject({
  activityId: z.number().int(),
  state: z.enum(ACTIVITY_STATE_NAMES),
  previousState: z.enum(ACTIVITY_STATE_NAMES),
});

/** GET /api/v1/activities, 200. */
export const ActivityPageResponse = z.strictObject({
  page: z.number().int(),
  size: z.number().int(),
  total: z.number().int(),
  items: z.array(ActivityResponse),
});
