import type { RedeemCodeInventory } from "../../src/application/ports/redeem-code-inventory.port";
import type { RedeemCodePool } from "../../src/domain/award/redeem-code-pool.port";

/**
 * award_redeem_code from both sides, as one subject: the operator's inventory fills and counts a
 * pool, the grant's pool hands its codes out. `givenOrders` stores orders codes can be handed to
 * (the table's order_id points at the order table).
 */
export interface RedeemCodeTables {
  inventory: RedeemCodeInventory;
  pool: RedeemCodePool;
  givenOrders(orderIds: readonly bigint[]): Promise<void>;
}

const GIFT = { strategyId: 7, awardId: "gift" };

export function describeRedeemCodesContract(name: string, makeSubject: () => Promise<RedeemCodeTables>): void {
  describe(`${name} honours the redeem-code inventory and pool contract`, () => {
    let subject: RedeemCodeTables;
    beforeEach(async () => {
      subject = await makeSubject();
    });

    it("adds only codes the pool does not hold, once each, and counts them per award", async () => {
      expect(await subject.inventory.add(GIFT, ["A", "B", "A"])).toBe(2);
      expect(await subject.inventory.add(GIFT, ["B", "C"])).toBe(1);
      expect(await subject.inventory.add({ strategyId: 8, awardId: "gift" }, ["A"])).toBe(1);
      expect(await subject.inventory.add(GIFT, [])).toBe(0);
      expect(await subject.inventory.count(GIFT)).toEqual({ total: 3, used: 0 });
      expect(await subject.inventory.count({ strategyId: 7, awardId: "other" })).toEqual({ total: 0, used: 0 });
    });

    it("hands free codes out oldest first, one order each, and never the same code twice", async () => {
      await subject.inventory.add(GIFT, ["A", "B", "C"]);
      await subject.givenOrders([1n, 2n, 3n, 4n]);
      const first = await subject.pool.handOutFree(GIFT.strategyId, GIFT.awardId, [
        { orderId: 1n, uId: "u1" },
        { orderId: 2n, uId: "u2" },
      ]);
      expect(first).toEqual(new Map([[1n, "A"], [2n, "B"]]));
      const second = await subject.pool.handOutFree(GIFT.strategyId, GIFT.awardId, [
        { orderId: 3n, uId: "u3" },
        { orderId: 4n, uId: "u4" },
      ]);
      expect(second).toEqual(new Map([[3n, "C"]]));
      expect(await subject.inventory.count(GIFT)).toEqual({ total: 3, used: 3 });
    });

    it("records generated codes as used, and names the orders whose code the pool had already", async () => {
      await subject.inventory.add(GIFT, ["TAKEN"]);
      await subject.givenOrders([5n, 6n]);
      const clashed = await subject.pool.assignGenerated(
        GIFT.strategyId,
        GIFT.awardId,
        new Map([
          [5n, { uId: "u5", code: "FRESH" }],
          [6n, { uId: "u6", code: "TAKEN" }],
        ]),
      );
      expect(clashed).toEqual(new Set([6n]));
      expect(await subject.inventory.count(GIFT)).toEqual({ total: 2, used: 1 });
    });
  });
}
