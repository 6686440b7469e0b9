import { z } from "zod";
import { AWARD_TYPE_NAMES } from "../contract/activity.request";

/** A campaign (campaign.response.ts campaignJson). */
export const CampaignResponse = z.strictObject({
  campaignId: z.number().int(),
  name: z.string(),
  award: z.strictObject({ awardId: z.string(), type: z.enum(AWARD_TYPE_NAMES), name: z.string(), content: z.string() }),
  perUser: z.number().int(),
  state: z.enum(["OPEN", "RUNNING", "PAUSED", "DONE"]),
  recipients: z.number().int(),
  ordered: z.number().int(),
  sent: z.number().int(),
  granted: z.number().int(),
  failed: z.number().int(),
  startedAt: z.iso.datetime().nullable(),
  finishedAt: z.iso.datetime().nullable(),
});

export const CampaignPageResponse = z.strictObject({ page: z.number().int(), size: z.number().int(), total: z.number().int(), items: z.array(CampaignResponse) });

/** POST /api/v1/campaigns/{id}/recipients, 200. */
export const RecipientsUploadResponse = z.strictObject({
  accepted: z.number().int(),
  duplicates: z.number().int(),
  invalid: z.array(z.strictObject({ line: z.number().int(), reason: z.string() })),
  invalidCount: z.number().int(),
});
