import type { CampaignRepository } from "../../src/domain/campaign/campaign.repository";
import { CampaignMother } from "../support/campaign.mother";

/**
 * The behaviour every CampaignRepository must have, run against the in-memory fake (unit project)
 * and the PostgreSQL adapter (integration project). `makeSubject` gives a repository over empty tables.
 */
export function describeCampaignContract(name: string, makeSubject: () => Promise<CampaignRepository>): void {
  describe(`${name} honours the CampaignRepository contract`, () => {
    let campaigns: CampaignRepository;
    beforeEach(async () => {
      campaigns = await makeSubject();
    });

    it("reads back a created campaign as OPEN with no progress, and never overwrites it", async () => {
      expect(await campaigns.create(CampaignMother.open({ campaignId: 5 }))).toBe("CREATED");
      expect(await campaigns.create(CampaignMother.open({ campaignId: 5, name: "Other" }))).toBe("EXISTS");
      const view = await campaigns.find(5);
      expect(view?.campaign.toProps()).toEqual(CampaignMother.open({ campaignId: 5 }).toProps());
      expect(view?.progress).toEqual({ recipients: 0, ordered: 0, sent: 0, granted: 0, failed: 0, startedAt: null, finishedAt: null });
      expect(await campaigns.find(6)).toBeNull();
    });

    it("lists by campaign id, a page at a time, with the total", async () => {
      for (const campaignId of [3, 1, 2]) await campaigns.create(CampaignMother.open({ campaignId }));
      const first = await campaigns.list(1, 2);
      expect([first.total, first.items.map((v) => v.campaign.campaignId)]).toEqual([3, [1, 2]]);
      expect((await campaigns.list(2, 2)).items.map((v) => v.campaign.campaignId)).toEqual([3]);
    });

    it("adds each recipient once, counting only the new ones", async () => {
      await campaigns.create(CampaignMother.open({ campaignId: 5 }));
      expect(await campaigns.addRecipients(5, [])).toBe(0);
      expect(await campaigns.addRecipients(5, [{ uId: "a", hash: 1 }, { uId: "b", hash: 2 }])).toBe(2);
      expect(await campaigns.addRecipients(5, [{ uId: "b", hash: 2 }, { uId: "c", hash: 3 }])).toBe(1);
      expect((await campaigns.find(5))?.progress.recipients).toBe(3);
    });

    it("starts only an OPEN campaign, once, recording when", async () => {
      await campaigns.create(CampaignMother.open({ campaignId: 5 }));
      expect(await campaigns.start(5, [{ from: 0, to: 2 ** 32 }])).toBe(true);
      expect(await campaigns.start(5, [{ from: 0, to: 2 ** 32 }])).toBe(false);
      expect(await campaigns.start(6, [{ from: 0, to: 2 ** 32 }])).toBe(false);
      const view = await campaigns.find(5);
      expect(view?.campaign.state).toBe("RUNNING");
      expect(view?.progress.startedAt).toBeInstanceOf(Date);
    });

    it("moves a state only from the state it is asked to move from", async () => {
      await campaigns.create(CampaignMother.open({ campaignId: 5 }));
      await campaigns.start(5, [{ from: 0, to: 2 ** 32 }]);
      expect(await campaigns.compareAndSetState(5, "PAUSED", "RUNNING")).toBe(false);
      expect(await campaigns.compareAndSetState(5, "RUNNING", "PAUSED")).toBe(true);
      expect(await campaigns.compareAndSetState(5, "RUNNING", "PAUSED")).toBe(false);
      expect(await campaigns.compareAndSetState(6, "RUNNING", "PAUSED")).toBe(false);
      expect((await campaigns.find(5))?.campaign.state).toBe("PAUSED");
    });
  });
}
