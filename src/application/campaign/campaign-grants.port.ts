import type { DrawOrder } from "../../domain/award/draw-order.entity";
import type { CampaignChunk } from "../../domain/campaign/campaign.repository";

/**
 * The writes of a campaign's chunks. A chunk is claimed like a compensation task (a status
 * compare-and-set); every write of a claim is fenced by its attempt number, so a worker whose
 * claim was taken over (it looked dead) writes nothing more.
 */
export interface CampaignGrants {
  /** Claims up to `limit` waiting chunks of RUNNING campaigns; a paused campaign's chunks wait. */
  claimChunks(limit: number): Promise<CampaignChunk[]>;
  /** Puts back the chunks whose claim was not renewed for `leaseMs` (their worker died). */
  releaseStale(leaseMs: number): Promise<number>;
  /** Renews the claim; false when it is no longer this claim's. */
  renew(chunk: CampaignChunk): Promise<boolean>;
  recipientsOf(chunk: CampaignChunk): Promise<string[]>;
  /**
   * Writes the orders whose key no order has yet, with the campaign's ordered counter, in one
   * transaction fenced by the claim. Returns how many were new, or "LOST_CLAIM".
   */
  writeOrders(chunk: CampaignChunk, grants: ReadonlyArray<{ order: DrawOrder; key: string }>): Promise<number | "LOST_CLAIM">;
  /** The chunk's orders (by order key) whose invoice has not been sent yet. */
  unsent(chunk: CampaignChunk, keys: readonly string[]): Promise<DrawOrder[]>;
  /** PROCESSING → SUCCESS for this claim. */
  complete(chunk: CampaignChunk): Promise<boolean>;
  /** PROCESSING → WAIT_HANDLE, due again in `delayMs`, with the reason kept; FAILED instead when `giveUp`. */
  fail(chunk: CampaignChunk, reason: string, delayMs: number, giveUp: boolean): Promise<boolean>;
  /**
   * RUNNING → DONE for campaigns whose chunks have all run, whose every grant is ordered, and
   * whose orders are all granted or failed. Returns their ids.
   */
  finishDone(): Promise<number[]>;
}
