import type { ActivityStock, StockLayout } from "../../src/application/ports/activity-stock.port";

export interface ActivityStockSubject {
  stock: ActivityStock;
  /** An activity id no other test of the run uses (the Redis adapter's keys are shared by the run). */
  newActivityId(): number;
}

const layout = (next: number, holes: number[] = []) => async (): Promise<StockLayout> => ({ next, holes });

/**
 * The behaviour every ActivityStock must have, run against the in-memory fake (unit project) and
 * the Redis adapter (integration project). Nothing here depends on the order in which free units
 * come back (Redis keeps them as a set).
 */
export function describeActivityStockContract(name: string, makeSubject: () => Promise<ActivityStockSubject>): void {
  describe(`${name} honours the ActivityStock contract`, () => {
    let stock: ActivityStock;
    let activityId: number;
    beforeEach(async () => {
      const subject = await makeSubject();
      stock = subject.stock;
      activityId = subject.newActivityId();
    });

    it("builds a missing stock from the layout once, and hands out units from the top down", async () => {
      let asked = 0;
      const counted = async () => {
        asked++;
        return { next: 3, holes: [] };
      };
      expect([await stock.take(activityId, 1n, counted), await stock.take(activityId, 2n, counted)]).toEqual([2, 1]);
      expect(asked).toBe(1);
      expect(await stock.view(activityId)).toEqual({ next: 1, free: 0, pending: 2 });
      expect(await stock.trackedActivities()).toContain(activityId);
    });

    it("hands the same takeId the same unit however often it asks, and null once none is left", async () => {
      for (let i = 0; i < 3; i++) expect(await stock.take(activityId, 42n, layout(2))).toBe(1);
      expect(await stock.take(activityId, 43n, layout(2))).toBe(0);
      expect(await stock.take(activityId, 44n, layout(2))).toBeNull();
    });

    it("hands out holes of the layout before new units", async () => {
      expect(await stock.take(activityId, 1n, layout(4, [7, 9]))).toBeGreaterThanOrEqual(7);
      expect(await stock.view(activityId)).toEqual({ next: 4, free: 1, pending: 1 });
    });

    it("gives a unit back only once and only for the take holding it, and hands it out again first", async () => {
      const unit = (await stock.take(activityId, 7n, layout(5))) as number;
      await stock.giveBack(activityId, 7n, unit);
      await stock.giveBack(activityId, 7n, unit);
      await stock.giveBack(activityId, 8n, 3);
      expect(await stock.view(activityId)).toEqual({ next: 4, free: 1, pending: 0 });
      expect(await stock.freeUnits(activityId)).toEqual([unit]);
      expect(await stock.take(activityId, 9n, layout(5))).toBe(unit);
    });

    it("forgets a confirmed or discarded unit without freeing it", async () => {
      await stock.take(activityId, 1n, layout(5));
      await stock.take(activityId, 2n, layout(5));
      await stock.confirm(activityId, 1n);
      await stock.discard(activityId, 2n);
      expect(await stock.view(activityId)).toEqual({ next: 3, free: 0, pending: 0 });
      expect(await stock.pending(activityId)).toEqual([]);
    });

    it("lists pending units with their takeIds and an age", async () => {
      await stock.take(activityId, 11n, layout(3));
      const pending = await stock.pending(activityId);
      expect(pending).toEqual([{ takeId: 11n, unit: 2, ageMs: expect.any(Number) }]);
      expect(pending[0].ageMs).toBeGreaterThanOrEqual(0);
    });

    it("answers nothing for an activity it does not hold", async () => {
      expect(await stock.view(activityId)).toBeNull();
      expect(await stock.freeUnits(activityId)).toEqual([]);
      expect(await stock.pending(activityId)).toEqual([]);
      await stock.exclude(activityId, [1]);
      expect(await stock.view(activityId)).toBeNull();
    });

    it("withdraws units committed takes hold, from the free ones and from below the counter", async () => {
      // Rebuilt at next=10 while draws of the old stock held units 9 and 7, with holes 12 and 14.
      await stock.take(activityId, 1n, layout(10, [12, 14]));
      await stock.confirm(activityId, 1n);
      const free = await stock.freeUnits(activityId);
      await stock.exclude(activityId, [9, 7, ...free]);
      // 8 stays available, as a free unit; 7 and 9 are gone, and the counter drops to 7.
      expect(await stock.view(activityId)).toEqual({ next: 7, free: 1, pending: 0 });
      expect(await stock.freeUnits(activityId)).toEqual([8]);
    });
  });
}
