/** Campaign states (DOMAIN.md, Bulk grant campaigns). Persisted by name. */
export const CAMPAIGN_STATES = ["OPEN", "RUNNING", "PAUSED", "DONE"] as const;
export type CampaignState = (typeof CAMPAIGN_STATES)[number];

/** The operator's moves; DONE is reached by the campaign itself, once every grant is made. */
export type CampaignAction = "start" | "pause" | "resume";

const MOVES: Record<CampaignAction, { from: CampaignState; to: CampaignState }> = {
  start: { from: "OPEN", to: "RUNNING" },
  pause: { from: "RUNNING", to: "PAUSED" },
  resume: { from: "PAUSED", to: "RUNNING" },
};

/** The state `action` moves from and to; every move is a compare-and-set on `from`. */
export function campaignMove(action: CampaignAction): { from: CampaignState; to: CampaignState } {
  return MOVES[action];
}
