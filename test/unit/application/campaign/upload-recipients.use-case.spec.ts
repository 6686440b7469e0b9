import { InMemoryCampaignRepository } from "../../../support/fakes/in-memory-campaign-repository";
import { UploadRecipientsUseCase } from "../../../../src/application/campaign/upload-recipients.use-case";
import { AwardType } from "../../../../src/domain/award/award-type";
import { Campaign } from "../../../../src/domain/campaign/campaign.entity";
import type { CampaignRepository } from "../../../../src/domain/campaign/campaign.repository";
import type { CampaignState } from "../../../../src/domain/campaign/campaign-state";

function repository(state: CampaignState) {
  const stored = new Set<string>();
  const batches: number[] = [];
  const campaign = Campaign.restore({ campaignId: 1, name: "c", award: { awardId: "a", type: AwardType.DESC, name: "A", content: "" }, perUser: 1, state });
  const repo = {
    find: async () => ({ campaign, progress: { recipients: stored.size } }),
    addRecipients: async (_id: number, recipients: ReadonlyArray<{ uId: string }>) => {
      batches.push(recipients.length);
      let added = 0;
      for (const r of recipients) if (!stored.has(r.uId)) (stored.add(r.uId), added++);
      return added;
    },
  } as unknown as CampaignRepository;
  return { repo, stored, batches };
}

async function* lines(count: number, badEvery = 0): AsyncGenerator<string> {
  for (let i = 1; i <= count; i++) yield badEvery > 0 && i % badEvery === 0 ? "" : `user-${i % 15_000}`;
}

describe("UploadRecipientsUseCase", () => {
  it("writes a long upload in bounded batches, counting duplicates and bad lines", async () => {
    const { repo, stored, batches } = repository("OPEN");
    const result = await new UploadRecipientsUseCase(repo).execute(1, lines(20_000, 1000), "text");
    if (!result.ok) throw new Error(result.error.message);
    expect(Math.max(...batches)).toBeLessThanOrEqual(5000);
    expect(result.value.invalidCount).toBe(20);
    expect(result.value.invalid[0]).toEqual({ line: 1000, reason: "empty" });
    expect(result.value.accepted).toBe(stored.size);
    expect(result.value.accepted + result.value.duplicates + result.value.invalidCount).toBe(20_000);
  });

  it("reports at most the first 100 bad lines, and counts them all", async () => {
    const { repo } = repository("OPEN");
    const result = await new UploadRecipientsUseCase(repo).execute(1, lines(300, 1), "text");
    if (!result.ok) throw new Error(result.error.message);
    expect(result.value.invalid).toHaveLength(100);
    expect(result.value.invalidCount).toBe(300);
  });

  it("refuses recipients once the campaign has started (its chunks are cut)", async () => {
    const { repo, batches } = repository("RUNNING");
    const result = await new UploadRecipientsUseCase(repo).execute(1, lines(10), "text");
    expect(result).toMatchObject({ ok: false, error: { code: "CAMPAIGN_STATE_CONFLICT" } });
    expect(batches).toEqual([]);
  });

  it("refuses recipients of a campaign that does not exist (CAMPAIGN_NOT_FOUND)", async () => {
    const result = await new UploadRecipientsUseCase(new InMemoryCampaignRepository()).execute(404, lines(10), "text");
    expect(result).toMatchObject({ ok: false, error: { code: "CAMPAIGN_NOT_FOUND" } });
  });
});
