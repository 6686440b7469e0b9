import type { CampaignState } from "./campaign-state";

/** Refusals of the campaign sub-domain; codes map to REST codes in the HTTP layer's one table. */
export type CampaignErrorCode = "CAMPAIGN.INVALID" | "CAMPAIGN.NOT_FOUND" | "CAMPAIGN.ALREADY_EXISTS" | "CAMPAIGN.STATE_CONFLICT";

export class CampaignError {
  constructor(
    readonly code: CampaignErrorCode,
    readonly message: string,
  ) {}
}

export const campaignInvalid = (field: string, reason: string) => new CampaignError("CAMPAIGN.INVALID", `${field}: ${reason}`);
export const campaignNotFound = (campaignId: number) => new CampaignError("CAMPAIGN.NOT_FOUND", `campaign ${campaignId} does not exist`);
export const campaignExists = (campaignId: number) => new CampaignError("CAMPAIGN.ALREADY_EXISTS", `campaign ${campaignId} exists already; campaigns are never overwritten`);
export const campaignStateConflict = (campaignId: number, action: string, state: CampaignState) =>
  new CampaignError("CAMPAIGN.STATE_CONFLICT", `campaign ${campaignId} is ${state}: it cannot ${action} (start needs OPEN, pause RUNNING, resume PAUSED)`);
