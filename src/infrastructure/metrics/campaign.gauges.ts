import type { CampaignRepository } from "../../domain/campaign/campaign.repository";
import type { Metrics } from "./metrics";

const COUNTERS = ["recipients", "ordered", "sent", "granted", "failed"] as const;
const DONE_SHOWN_FOR_MS = 24 * 3600_000;

/** Refreshes the campaign progress gauges from the campaigns' counters (never a count over orders). */
export async function refreshCampaignGauges(campaigns: CampaignRepository, metrics: Metrics): Promise<void> {
  const { items } = await campaigns.list(1, 100);
  metrics.campaignProgress.reset();
  for (const { campaign, progress } of items) {
    const finished = progress.finishedAt?.getTime() ?? Infinity;
    if (campaign.state === "DONE" && Date.now() - finished > DONE_SHOWN_FOR_MS) continue;
    for (const counter of COUNTERS) {
      metrics.campaignProgress.set({ campaign_id: String(campaign.campaignId), state: campaign.state, counter }, progress[counter]);
    }
  }
}
