import type { CampaignGrants } from "../../src/application/campaign/campaign-grants.port";
import { DrawOrder } from "../../src/domain/award/draw-order.entity";
import type { CampaignChunk, CampaignRepository } from "../../src/domain/campaign/campaign.repository";
import { CampaignMother } from "../support/campaign.mother";

export interface CampaignGrantsSubject {
  campaigns: CampaignRepository;
  grants: CampaignGrants;
  /** The invoices of these orders reached the broker (DrawOrderRepository.markSent in the adapter). */
  markSent(orderIds: readonly bigint[]): Promise<void>;
}

const HALF = 2 ** 31;
let nextOrderId = BigInt(Date.now()) * 1000n;

/**
 * The behaviour every CampaignGrants must have, run against the in-memory fake (unit project) and
 * the PostgreSQL adapter (integration project). `makeSubject` gives empty campaign tables; the
 * campaigns and their chunks are made through the CampaignRepository, as an operator's start does.
 */
export function describeCampaignGrantsContract(name: string, makeSubject: () => Promise<CampaignGrantsSubject>): void {
  describe(`${name} honours the CampaignGrants contract`, () => {
    let s: CampaignGrantsSubject;
    beforeEach(async () => {
      s = await makeSubject();
    });

    /** A RUNNING campaign of two chunks, [0, 2^31) and [2^31, 2^32), with recipients on both sides. */
    async function running(campaignId: number): Promise<void> {
      await s.campaigns.create(CampaignMother.open({ campaignId }));
      await s.campaigns.addRecipients(campaignId, [{ uId: "low", hash: 5 }, { uId: "high", hash: HALF + 5 }, { uId: "low-2", hash: HALF - 1 }]);
      await s.campaigns.start(campaignId, [{ from: 0, to: HALF }, { from: HALF, to: 2 * HALF }]);
    }

    const grant = (chunk: CampaignChunk, uId: string, n = 1) => ({
      order: DrawOrder.campaignGrant({ orderId: ++nextOrderId, uId, campaignId: chunk.campaignId, awardId: "T1", awardType: 1, awardName: "Tote bag", awardContent: "A tote bag" }, new Date()),
      key: `campaign:${chunk.campaignId}:${n}:${uId}`,
    });

    it("claims the chunks of RUNNING campaigns once each, with their ranges and the first attempt", async () => {
      await running(1);
      await s.campaigns.create(CampaignMother.open({ campaignId: 2 })); // OPEN: no chunks yet
      const claimed = await s.grants.claimChunks(10);
      expect(claimed.map(({ campaignId, index, from, to, attempt }) => ({ campaignId, index, from, to, attempt })).sort((a, b) => a.index - b.index)).toEqual([
        { campaignId: 1, index: 1, from: 0, to: HALF, attempt: 1 },
        { campaignId: 1, index: 2, from: HALF, to: 2 * HALF, attempt: 1 },
      ]);
      expect(await s.grants.claimChunks(10)).toEqual([]);
      expect(await s.grants.claimChunks(0)).toEqual([]);
    });

    it("leaves the chunks of a paused campaign waiting until it resumes", async () => {
      await running(1);
      await s.campaigns.compareAndSetState(1, "RUNNING", "PAUSED");
      expect(await s.grants.claimChunks(10)).toEqual([]);
      await s.campaigns.compareAndSetState(1, "PAUSED", "RUNNING");
      expect(await s.grants.claimChunks(10)).toHaveLength(2);
    });

    it("reads a chunk's recipients by the hash range", async () => {
      await running(1);
      const chunks = (await s.grants.claimChunks(10)).sort((a, b) => a.index - b.index);
      expect((await s.grants.recipientsOf(chunks[0])).sort()).toEqual(["low", "low-2"]);
      expect(await s.grants.recipientsOf(chunks[1])).toEqual(["high"]);
    });

    it("writes each keyed grant once, and answers the unsent ones until they are sent", async () => {
      await running(1);
      const [chunk] = await s.grants.claimChunks(1);
      const first = [grant(chunk, "low"), grant(chunk, "low", 2)];
      expect(await s.grants.writeOrders(chunk, first)).toBe(2);
      expect(await s.grants.writeOrders(chunk, [grant(chunk, "low"), grant(chunk, "low-2")])).toBe(1);
      const keys = [first[0].key, first[1].key, "campaign:1:1:low-2"];
      expect((await s.grants.unsent(chunk, keys)).map((o) => o.uId).sort()).toEqual(["low", "low", "low-2"]);
      await s.markSent([first[0].order.orderId]);
      const unsent = await s.grants.unsent(chunk, keys);
      expect(unsent.map((o) => o.orderId).sort()).not.toContain(first[0].order.orderId);
      expect(unsent).toHaveLength(2);
      expect(unsent[0].campaignId).toBe(1);
      expect(await s.grants.unsent(chunk, [])).toEqual([]);
    });

    it("fences every write of a claim that was taken over, and lets the new claim write", async () => {
      await running(1);
      const [old] = await s.grants.claimChunks(1);
      expect(await s.grants.fail(old, "looked dead", 0, false)).toBe(true);
      const [taken] = (await s.grants.claimChunks(10)).filter((c) => c.taskId === old.taskId);
      expect(taken.attempt).toBe(2);
      expect(await s.grants.writeOrders(old, [grant(old, "low")])).toBe("LOST_CLAIM");
      expect(await s.grants.writeOrders(old, [])).toBe("LOST_CLAIM");
      expect(await s.grants.renew(old)).toBe(false);
      expect(await s.grants.complete(old)).toBe(false);
      expect(await s.grants.fail(old, "x", 0, true)).toBe(false);
      expect(await s.grants.writeOrders(taken, [])).toBe(0);
      expect(await s.grants.renew(taken)).toBe(true);
      expect(await s.grants.complete(taken)).toBe(true);
      expect(await s.grants.complete(taken)).toBe(false);
    });

    it("puts a failed chunk back to wait for its delay, and a given-up one for good", async () => {
      await running(1);
      const [a, b] = await s.grants.claimChunks(2);
      await s.grants.fail(a, "database away", 3600_000, false);
      await s.grants.fail(b, "for good", 0, true);
      expect(await s.grants.claimChunks(10)).toEqual([]);
    });

    it("releases no claim that is still fresh", async () => {
      await running(1);
      await s.grants.claimChunks(10);
      expect(await s.grants.releaseStale(60_000)).toBe(0);
      expect(await s.grants.claimChunks(10)).toEqual([]);
    });
  });
}
