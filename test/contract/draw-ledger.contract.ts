import type { StockRecords } from "../../src/application/ports/activity-stock.port";
import type { DrawEntry, DrawLedger } from "../../src/application/ports/draw-ledger.port";
import { AwardType } from "../../src/domain/award/award-type";
import { GrantType, Strategy, type StrategyProps } from "../../src/domain/strategy/strategy.entity";
import { StrategyMode } from "../../src/domain/strategy/strategy-mode";

/** A DOING activity, open now, with `stockCount` units, drawn under `strategy`. */
export interface DrawLedgerSubject {
  ledger: DrawLedger;
  records: StockRecords;
  activityId: number;
  strategyId: number;
  /** An operator closes the activity. */
  close(): Promise<void>;
}

export type MakeDrawLedgerSubject = (stockCount: number, strategy: Omit<StrategyProps, "strategyId">) => Promise<DrawLedgerSubject>;

const STRATEGY: Omit<StrategyProps, "strategyId"> = {
  mode: StrategyMode.ENTIRETY,
  grantType: GrantType.IMMEDIATE,
  awards: [
    { awardId: "1", type: AwardType.DESC, name: "IMac", content: "An IMac", count: 1, rate: "0.5" },
    { awardId: "2", type: AwardType.COUPON, name: "Coupon", content: "10 off", count: 5, rate: "0.5" },
  ],
};
if (!Strategy.create({ ...STRATEGY, strategyId: 1 }).ok) throw new Error("the contract's strategy is invalid");

let nextId = BigInt(Date.now()) * 1000n;

/**
 * The behaviour every DrawLedger (with the StockRecords read from the same takes) must have, run
 * against the in-memory fake (unit project) and the PostgreSQL adapter (integration project).
 */
export function describeDrawLedgerContract(name: string, makeSubject: MakeDrawLedgerSubject): void {
  describe(`${name} honours the DrawLedger and StockRecords contracts`, () => {
    let s: DrawLedgerSubject;
    beforeEach(async () => {
      s = await makeSubject(10, STRATEGY);
    });

    const entry = (overrides: Partial<DrawEntry> = {}): DrawEntry => ({
      takeId: ++nextId,
      orderId: ++nextId,
      uId: "u-1",
      activityId: s.activityId,
      activityName: "Contract activity",
      strategyId: s.strategyId,
      strategyMode: StrategyMode.ENTIRETY,
      grantType: GrantType.IMMEDIATE,
      takeLimit: 3,
      stockUnit: 9,
      candidates: ["1", "2"],
      shippingAddress: null,
      idempotency: null,
      ...overrides,
    });

    it("records a draw that wins the first candidate with stock left, counting the user's draws", async () => {
      const first = await s.ledger.record(entry({ stockUnit: 9 }));
      const second = await s.ledger.record(entry({ stockUnit: 8 }));
      expect(first).toEqual({ kind: "RECORDED", ordinal: 1, takenAt: expect.any(Date), won: { awardId: "1", awardType: AwardType.DESC, awardName: "IMac", awardContent: "An IMac" } });
      expect(second).toMatchObject({ kind: "RECORDED", ordinal: 2, won: { awardId: "2", awardType: AwardType.COUPON } });
    });

    it("records a loss when no candidate is given, or none has stock left", async () => {
      expect(await s.ledger.record(entry({ candidates: [] }))).toMatchObject({ kind: "RECORDED", won: null });
      await s.ledger.record(entry({ uId: "u-2", stockUnit: 8, candidates: ["1"] }));
      expect(await s.ledger.record(entry({ uId: "u-3", stockUnit: 7, candidates: ["1"] }))).toMatchObject({ kind: "RECORDED", won: null });
    });

    it("refuses a user's draw past the limit, also when the unit is held already", async () => {
      for (const unit of [9, 8, 7]) await s.ledger.record(entry({ stockUnit: unit }));
      expect(await s.ledger.record(entry({ stockUnit: 6 }))).toEqual({ kind: "TAKE_LIMIT_REACHED" });
      expect(await s.ledger.record(entry({ stockUnit: 9 }))).toEqual({ kind: "TAKE_LIMIT_REACHED" });
      expect(await s.ledger.record(entry({ uId: "u-0", takeLimit: 0, stockUnit: 5 }))).toEqual({ kind: "TAKE_LIMIT_REACHED" });
    });

    it("refuses a unit another take holds, and one outside the stock, writing nothing", async () => {
      await s.ledger.record(entry({ uId: "u-1", stockUnit: 9 }));
      expect(await s.ledger.record(entry({ uId: "u-2", stockUnit: 9 }))).toEqual({ kind: "UNIT_ALREADY_USED" });
      expect(await s.ledger.record(entry({ uId: "u-2", stockUnit: 10 }))).toEqual({ kind: "UNIT_ALREADY_USED" });
      // u-2's refused draws counted nothing: its first recorded draw is its first.
      expect(await s.ledger.record(entry({ uId: "u-2", stockUnit: 8 }))).toMatchObject({ kind: "RECORDED", ordinal: 1 });
    });

    it("refuses every draw of an activity that is no longer open", async () => {
      await s.close();
      expect(await s.ledger.record(entry())).toEqual({ kind: "NOT_OPEN" });
    });

    it("names one draw of a user per Idempotency-Key, and finds it again with its order", async () => {
      const keyed = entry({ idempotency: { key: "k", requestHash: "h" }, shippingAddress: { city: "Hangzhou" } });
      await s.ledger.record(keyed);
      expect(await s.ledger.record(entry({ stockUnit: 8, idempotency: { key: "k", requestHash: "other" } }))).toEqual({ kind: "IDEMPOTENCY_KEY_USED" });
      expect(await s.ledger.record(entry({ uId: "u-2", stockUnit: 8, idempotency: { key: "k", requestHash: "h" } }))).toMatchObject({ kind: "RECORDED" });

      const found = await s.ledger.findByIdempotencyKey("u-1", "k");
      expect(found).toMatchObject({ takeId: keyed.takeId, requestHash: "h" });
      expect(found?.order?.toProps()).toMatchObject({ orderId: keyed.orderId, takeId: keyed.takeId, uId: "u-1", awardId: "1", awardName: "IMac", shippingAddress: { city: "Hangzhou" } });
      expect(await s.ledger.findByIdempotencyKey("u-1", "unknown")).toBeNull();
    });

    it("finds a keyed loss with no order", async () => {
      const keyed = entry({ candidates: [], idempotency: { key: "lost", requestHash: "h" } });
      await s.ledger.record(keyed);
      expect(await s.ledger.findByIdempotencyKey("u-1", "lost")).toEqual({ takeId: keyed.takeId, requestHash: "h", order: null });
    });

    it("lays out a stock to rebuild from the units committed takes hold", async () => {
      expect(await s.records.layout(s.activityId)).toEqual({ next: 10, holes: [] });
      await s.ledger.record(entry({ uId: "a", stockUnit: 9 }));
      await s.ledger.record(entry({ uId: "b", stockUnit: 7 }));
      expect(await s.records.layout(s.activityId)).toEqual({ next: 7, holes: [8] });
    });

    it("says which units committed takes hold, among some or below a unit", async () => {
      for (const [uId, unit] of [["a", 9], ["b", 3], ["c", 1]] as const) await s.ledger.record(entry({ uId, stockUnit: unit }));
      const numeric = (units: number[]) => [...units].sort((a, b) => a - b);
      expect(numeric(await s.records.heldUnits(s.activityId, [9, 8, 3]))).toEqual([3, 9]);
      expect(await s.records.heldUnits(s.activityId, [])).toEqual([]);
      expect(numeric(await s.records.heldUnitsBelow(s.activityId, 5, 10))).toEqual([1, 3]);
      // The highest first: the units the live stock would hand out next.
      expect(await s.records.heldUnitsBelow(s.activityId, 5, 1)).toEqual([3]);
    });
  });
}
