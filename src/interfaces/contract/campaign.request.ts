import { z } from "zod";
import { EXPECT_INTEGER } from "./issue-message";
import type { CreateCampaignCommand } from "../../application/campaign/create-campaign.use-case";
import { awardTypeFromName, type AwardType } from "../../domain/award/award-type";
import { MAX_GRANTS_PER_USER } from "../../domain/campaign/campaign.entity";
import { AWARD_TYPE_NAMES } from "./activity.request";

export const CAMPAIGN_ACTIONS = ["start", "pause", "resume"] as const;

/** Body of `POST /api/v1/campaigns` (DOMAIN.md, Bulk grant campaigns). */
export const CreateCampaignRequest = z.strictObject({
  campaignId: z.number().int().positive().max(Number.MAX_SAFE_INTEGER),
  name: z.string().min(1).max(128),
  award: z.strictObject({
    awardId: z.string().min(1).max(64),
    type: z.enum(AWARD_TYPE_NAMES),
    name: z.string().min(1).max(128),
    content: z.string().max(1024).default(""),
  }),
  perUser: z.number().int().min(1).max(MAX_GRANTS_PER_USER).default(1),
});
export type CreateCampaignRequest = z.infer<typeof CreateCampaignRequest>;

export function createCampaignCommandOf(body: CreateCampaignRequest): CreateCampaignCommand {
  return {
    campaignId: body.campaignId,
    name: body.name,
    award: { ...body.award, type: awardTypeFromName(body.award.type) as AwardType },
    perUser: body.perUser,
  };
}

export const CampaignIdParam = z.coerce.number(EXPECT_INTEGER).int().positive().max(Number.MAX_SAFE_INTEGER);

export const ListCampaignsQuery = z.strictObject({
  page: z.coerce.number(EXPECT_INTEGER).int().min(1).default(1),
  size: z.coerce.number(EXPECT_INTEGER).int().min(1).max(100).default(20),
});
