import type { Campaign, CampaignProgress } from "./campaign.entity";
import type { CampaignState } from "./campaign-state";

export interface CampaignView {
  campaign: Campaign;
  progress: CampaignProgress;
}

/** One chunk of a campaign's recipients: those whose uId hash lies in [from, to). */
export interface CampaignChunk {
  taskId: bigint;
  campaignId: number;
  index: number;
  from: number;
  to: number;
  /** Claims of this chunk so far, this one included: the fence of this claim. */
  attempt: number;
}

/** Where campaigns, their recipients and their chunk tasks live. */
export interface CampaignRepository {
  create(campaign: Campaign): Promise<"CREATED" | "EXISTS">;
  find(campaignId: number): Promise<CampaignView | null>;
  list(page: number, size: number): Promise<{ items: CampaignView[]; total: number }>;
  /** Adds recipients (uId with its hash); ones already there are left alone. Returns how many were new. */
  addRecipients(campaignId: number, recipients: ReadonlyArray<{ uId: string; hash: number }>): Promise<number>;
  /**
   * OPEN → RUNNING: records the start and writes one CAMPAIGN_CHUNK task per hash range, in one
   * transaction. False when the campaign was not OPEN.
   */
  start(campaignId: number, chunks: ReadonlyArray<{ from: number; to: number }>): Promise<boolean>;
  /** A state move as a compare-and-set; false when the stored state was not `from`. */
  compareAndSetState(campaignId: number, from: CampaignState, to: CampaignState): Promise<boolean>;
}
