import { CreateCampaignUseCase } from "../../../../src/application/campaign/create-campaign.use-case";
import { DependencyUnavailableError } from "../../../../src/shared/errors";
import { CampaignMother } from "../../../support/campaign.mother";
import { InMemoryCampaignRepository } from "../../../support/fakes/in-memory-campaign-repository";

function setUp() {
  const campaigns = new InMemoryCampaignRepository();
  return { campaigns, create: new CreateCampaignUseCase(campaigns) };
}

describe("CreateCampaignUseCase", () => {
  it("stores a valid campaign as OPEN with no recipients", async () => {
    const { campaigns, create } = setUp();
    const created = await create.execute(CampaignMother.command());
    expect(created.ok && created.value.state).toBe("OPEN");
    const stored = await campaigns.find(1);
    expect(stored?.campaign.toProps()).toMatchObject({ name: "Spring thank-you", state: "OPEN" });
    expect(stored?.progress.recipients).toBe(0);
  });

  it("refuses an invalid campaign with ILLEGAL_PARAMETER and stores nothing", async () => {
    const { campaigns, create } = setUp();
    const refused = await create.execute(CampaignMother.command({ perUser: 11 }));
    expect(refused.ok || [refused.error.code, refused.error.message]).toEqual(["ILLEGAL_PARAMETER", "perUser: must be an integer from 1 to 10"]);
    expect(await campaigns.find(1)).toBeNull();
  });

  it("never overwrites: the same campaign id again is CAMPAIGN_ALREADY_EXISTS and the first stays", async () => {
    const { campaigns, create } = setUp();
    await create.execute(CampaignMother.command());
    const again = await create.execute(CampaignMother.command({ name: "Other" }));
    expect(again.ok || again.error.code).toBe("CAMPAIGN_ALREADY_EXISTS");
    expect((await campaigns.find(1))?.campaign.toProps().name).toBe("Spring thank-you");
  });

  it("lets an outage through as DependencyUnavailableError", async () => {
    const { campaigns, create } = setUp();
    campaigns.outage.once();
    await expect(create.execute(CampaignMother.command())).rejects.toBeInstanceOf(DependencyUnavailableError);
  });
});
