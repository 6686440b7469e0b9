import { DomainError } from "../../shared/domain-error";
import type { CampaignState } from "./campaign-state";

/** Refusals of the campaign sub-domain; each code is its public REST code (DOMAIN.md). */
export type CampaignErrorCode = "ILLEGAL_PARAMETER" | "CAMPAIGN_NOT_FOUND" | "CAMPAIGN_ALREADY_EXISTS" | "CAMPAIGN_STATE_CONFLICT";

export class CampaignError extends DomainError<CampaignErrorCode> {}

export const campaignInvalid = (field: string, reason: string) => new CampaignError("ILLEGAL_PARAMETER", `${field}: ${reason}`, { path: field, problem: reason });
export const campaignNotFound = (campaignId: number) => new CampaignError("CAMPAIGN_NOT_FOUND", `campaign ${campaignId} does not exist`);
export const campaignExists = (campaignId: number) => new CampaignError("CAMPAIGN_ALREADY_EXISTS", `campaign ${campaignId} exists already; campaigns are never overwritten`);
export const campaignStateConflict = (campaignId: number, action: string, state: CampaignState) =>
  new CampaignError("CAMPAIGN_STATE_CONFLICT", `campaign ${campaignId} is ${state}: it cannot ${action} (start needs OPEN, pause RUNNING, resume PAUSED)`);
