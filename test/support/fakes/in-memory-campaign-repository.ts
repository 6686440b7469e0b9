import { systemClock, type Clock } from "../../../src/application/ports/clock.port";
import { Campaign, type CampaignProgress } from "../../../src/domain/campaign/campaign.entity";
import type { CampaignRepository, CampaignView } from "../../../src/domain/campaign/campaign.repository";
import type { CampaignState } from "../../../src/domain/campaign/campaign-state";
import { OutageSwitch } from "./outage-switch";

interface StoredCampaign {
  campaign: Campaign;
  recipients: Map<string, number>;
  progress: Omit<CampaignProgress, "recipients">;
  chunks: { from: number; to: number }[];
}

/**
 * CampaignRepository in memory, with the PostgreSQL adapter's rules (test/contract/campaign.contract.ts
 * runs against both): never overwrites, lists by campaign id, a recipient is added once, and
 * start and every other move are compare-and-sets on the stored state.
 */
export class InMemoryCampaignRepository implements CampaignRepository {
  private readonly campaigns = new Map<number, StoredCampaign>();
  readonly outage = new OutageSwitch();

  constructor(private readonly clock: Clock = systemClock) {}

  async create(campaign: Campaign): Promise<"CREATED" | "EXISTS"> {
    this.outage.check();
    if (this.campaigns.has(campaign.campaignId)) return "EXISTS";
    this.campaigns.set(campaign.campaignId, {
      campaign: Campaign.restore(campaign.toProps()),
      recipients: new Map(),
      progress: { ordered: 0, sent: 0, granted: 0, failed: 0, startedAt: null, finishedAt: null },
      chunks: [],
    });
    return "CREATED";
  }

  async find(campaignId: number): Promise<CampaignView | null> {
    this.outage.check();
    const stored = this.campaigns.get(campaignId);
    return stored ? viewOf(stored) : null;
  }

  async list(page: number, size: number): Promise<{ items: CampaignView[]; total: number }> {
    this.outage.check();
    const all = [...this.campaigns.values()].sort((a, b) => a.campaign.campaignId - b.campaign.campaignId);
    return { items: all.slice((page - 1) * size, page * size).map(viewOf), total: all.length };
  }

  async addRecipients(campaignId: number, recipients: ReadonlyArray<{ uId: string; hash: number }>): Promise<number> {
    this.outage.check();
    const stored = this.campaigns.get(campaignId);
    if (!stored) return 0;
    let added = 0;
    for (const { uId, hash } of recipients) {
      if (stored.recipients.has(uId)) continue;
      stored.recipients.set(uId, hash);
      added++;
    }
    return added;
  }

  async start(campaignId: number, chunks: ReadonlyArray<{ from: number; to: number }>): Promise<boolean> {
    this.outage.check();
    const stored = this.campaigns.get(campaignId);
    if (!stored || stored.campaign.state !== "OPEN") return false;
    stored.campaign = Campaign.restore({ ...stored.campaign.toProps(), state: "RUNNING" });
    stored.progress.startedAt = this.clock.now();
    stored.chunks = chunks.map((c) => ({ ...c }));
    return true;
  }

  async compareAndSetState(campaignId: number, from: CampaignState, to: CampaignState): Promise<boolean> {
    this.outage.check();
    const stored = this.campaigns.get(campaignId);
    if (!stored || stored.campaign.state !== from) return false;
    stored.campaign = Campaign.restore({ ...stored.campaign.toProps(), state: to });
    return true;
  }

  /** The recipients whose hash lies in [from, to), as a chunk reads them. */
  recipientsIn(campaignId: number, from: number, to: number): string[] {
    const recipients = this.campaigns.get(campaignId)?.recipients ?? new Map<string, number>();
    return [...recipients].filter(([, hash]) => hash >= from && hash < to).map(([uId]) => uId);
  }

  /** The hash ranges `start` wrote chunk tasks for. */
  chunksOf(campaignId: number): { from: number; to: number }[] {
    return [...(this.campaigns.get(campaignId)?.chunks ?? [])];
  }
}

function viewOf(stored: StoredCampaign): CampaignView {
  return { campaign: Campaign.restore(stored.campaign.toProps()), progress: { recipients: stored.recipients.size, ...stored.progress } };
}
