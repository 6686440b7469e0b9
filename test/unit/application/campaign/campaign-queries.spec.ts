import { CampaignQueries } from "../../../../src/application/campaign/campaign-queries";
import { CampaignMother } from "../../../support/campaign.mother";
import { InMemoryCampaignRepository } from "../../../support/fakes/in-memory-campaign-repository";

describe("CampaignQueries", () => {
  it("reads one campaign with its progress, or null", async () => {
    const campaigns = new InMemoryCampaignRepository();
    await campaigns.create(CampaignMother.open({ campaignId: 4 }));
    await campaigns.addRecipients(4, [{ uId: "a", hash: 1 }, { uId: "b", hash: 2 }]);
    const queries = new CampaignQueries(campaigns);
    expect((await queries.get(4))?.progress.recipients).toBe(2);
    expect(await queries.get(5)).toBeNull();
  });

  it("lists a page by campaign id with the total", async () => {
    const campaigns = new InMemoryCampaignRepository();
    for (const campaignId of [3, 1, 2]) await campaigns.create(CampaignMother.open({ campaignId }));
    const page = await new CampaignQueries(campaigns).list(2, 2);
    expect(page).toMatchObject({ total: 3 });
    expect(page.items.map((v) => v.campaign.campaignId)).toEqual([3]);
  });
});
