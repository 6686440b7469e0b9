import { z } from "zod";
import { EXPECT_INTEGER } from "./issue-message";
import type { DeployActivityCommand } from "../../application/activity/deploy-activity.use-case";
import { awardTypeFromName, type AwardType } from "../../domain/award/award-type";
import type { GrantType } from "../../domain/strategy/strategy.entity";
import { strategyModeFromName, type StrategyMode } from "../../domain/strategy/strategy-mode";

const isoDateTime = z.iso.datetime({ offset: true, message: "must be an ISO-8601 date-time with a zone, e.g. 2026-11-21T00:00:00Z" });
const positiveId = z.number().int().positive().max(Number.MAX_SAFE_INTEGER);
const count = z.number().int().min(0).max(2_000_000_000);

export const AWARD_TYPE_NAMES = ["DESC", "REDEEM_CODE", "COUPON", "PHYSICAL"] as const;
export const STRATEGY_MODE_NAMES = ["SINGLE", "ENTIRETY"] as const;
export const ACTIVITY_ACTIONS = ["arraign", "pass", "refuse", "revoke", "doing", "close", "open"] as const;
export const ACTIVITY_STATE_NAMES = ["EDIT", "ARRAIGNMENT", "REVOKE", "PASS", "DOING", "REFUSE", "CLOSE", "OPEN"] as const;

/** Body of `POST /api/v1/activities` (DOMAIN.md, REST API). Rates are decimal strings, never floats. */
export const DeployActivityRequest = z.strictObject({
  activityId: positiveId,
  name: z.string().min(1).max(128),
  description: z.string().max(1024).default(""),
  beginAt: isoDateTime,
  endAt: isoDateTime,
  stockCount: count,
  takeCount: count,
  creator: z.string().max(64).default(""),
  strategy: z.strictObject({
    strategyId: positiveId,
    mode: z.enum(STRATEGY_MODE_NAMES),
    grantType: z.literal(1).default(1),
    awards: z
      .array(
        z.strictObject({
          awardId: z.string().min(1).max(64),
          type: z.enum(AWARD_TYPE_NAMES),
          name: z.string().min(1).max(128),
          content: z.string().max(1024).default(""),
          count,
          rate: z.string().regex(/^\d+(\.\d+)?$/, "must be a decimal string such as \"0.05\""),
          // REDEEM_CODE only (checked by the strategy, which names the award): GENERATE by default.
          whenPoolEmpty: z.enum(["GENERATE", "FAIL"]).optional(),
        }),
      )
      .min(1)
      .max(1000),
  }),
});
export type DeployActivityRequest = z.infer<typeof DeployActivityRequest>;

/** The deploy use case's command for a validated request body (REST names to domain values). */
export function deployCommandOf(body: DeployActivityRequest): DeployActivityCommand {
  return {
    activity: {
      activityId: body.activityId,
      name: body.name,
      description: body.description,
      beginAt: new Date(body.beginAt),
      endAt: new Date(body.endAt),
      stockCount: body.stockCount,
      takeCount: body.takeCount,
      creator: body.creator,
    },
    strategy: {
      strategyId: body.strategy.strategyId,
      // The schema admits only the names these functions know.
      mode: strategyModeFromName(body.strategy.mode) as StrategyMode,
      grantType: body.strategy.grantType as GrantType,
      awards: body.strategy.awards.map((award) => ({ ...award, type: awardTypeFromName(award.type) as AwardType })),
    },
  };
}

export const ChangeStateRequest = z.strictObject({ action: z.enum(ACTIVITY_ACTIONS) });

export const ActivityIdParam = z.coerce.number(EXPECT_INTEGER).int().positive().max(Number.MAX_SAFE_INTEGER);

export const ListActivitiesQuery = z.strictObject({
  page: z.coerce.number(EXPECT_INTEGER).int().min(1).default(1),
  size: z.coerce.number(EXPECT_INTEGER).int().min(1).max(100).default(20),
  state: z.enum(ACTIVITY_STATE_NAMES).optional(),
});
