import type { Client, Pool } from "pg";
import type { GrantRequest } from "../../../../src/domain/award/award-distributor";
import { AwardType } from "../../../../src/domain/award/award-type";
import { uniqueId } from "../../../support/unique-id";
import { closeGrantFixture, type GrantFixture, grantReads, openGrantFixture, OrderMother } from "./grant-fixture";

// The REDEEM_CODE distributor through a real grant: the award's code pool first, generated codes after it, never one code twice.
describe("award distributors", () => {
  let pool: Pool;
  let db: Client;
  let grant: GrantFixture["grant"];

  beforeAll(async () => {
    ({ pool, db, grant } = await openGrantFixture());
  });
  afterAll(() => closeGrantFixture({ pool, db }));

  const { deliveriesOf } = grantReads(() => db);

  describe("REDEEM_CODE", () => {
    const GENERATED_CODE = /^[0-9A-HJKMNP-TV-Z]{16}$/;

    async function stockCodes(strategyId: number, awardId: string, codes: string[]): Promise<void> {
      for (const code of codes) {
        await db.query("INSERT INTO award_redeem_code (strategy_id, award_id, code) VALUES ($1, $2, $3)", [strategyId, awardId, code]);
      }
    }
    const freeCodes = async (strategyId: number, awardId: string) =>
      Number((await db.query("SELECT count(*) FROM award_redeem_code WHERE strategy_id = $1 AND award_id = $2 AND order_id IS NULL", [strategyId, awardId])).rows[0].count);

    it("hands out the award's pool codes oldest first, then generates 16-character codes once the pool is empty", async () => {
      const strategyId = uniqueId();
      await stockCodes(strategyId, "3", ["POOL-A", "POOL-B"]);
      const refs: string[] = [];
      for (let i = 0; i < 3; i++) {
        const request = await OrderMother.won(db, AwardType.REDEEM_CODE, { strategyId, awardId: "3" });
        refs.push(((await grant(request)) as { deliveryRef: string }).deliveryRef);
      }
      expect(refs.slice(0, 2)).toEqual(["POOL-A", "POOL-B"]);
      expect(refs[2]).toMatch(GENERATED_CODE);
      const assigned = await db.query("SELECT code, order_id IS NOT NULL AS taken, u_id IS NOT NULL AS owned FROM award_redeem_code WHERE strategy_id = $1 ORDER BY id", [strategyId]);
      expect(assigned.rows).toEqual([
        { code: "POOL-A", taken: true, owned: true },
        { code: "POOL-B", taken: true, owned: true },
        { code: refs[2], taken: true, owned: true },
      ]);
    });

    it("records the code and where it came from in the delivery detail", async () => {
      const strategyId = uniqueId();
      await stockCodes(strategyId, "3", ["ONLY-ONE"]);
      const fromPool = await OrderMother.won(db, AwardType.REDEEM_CODE, { strategyId });
      const generated = await OrderMother.won(db, AwardType.REDEEM_CODE, { strategyId });
      await grant(fromPool);
      await grant(generated);
      expect((await deliveriesOf(fromPool.orderId))[0].detail).toEqual({ code: "ONLY-ONE", source: "POOL" });
      expect((await deliveriesOf(generated.orderId))[0].detail).toEqual({ code: expect.stringMatching(GENERATED_CODE), source: "GENERATED" });
    });

    it("takes codes only from the pool of the order's own strategy and award", async () => {
      const strategyId = uniqueId();
      await stockCodes(strategyId, "other-award", ["NOT-FOR-YOU-1"]);
      await stockCodes(uniqueId(), "3", ["NOT-FOR-YOU-2"]);
      const request = await OrderMother.won(db, AwardType.REDEEM_CODE, { strategyId, awardId: "3" });
      const outcome = await grant(request);
      expect((outcome as { deliveryRef: string }).deliveryRef).toMatch(GENERATED_CODE);
      expect(await freeCodes(strategyId, "other-award")).toBe(1);
    });

    it("never gives two orders the same code: 20 orders racing for a pool of 5 get the 5 pool codes and 15 generated ones, all distinct", async () => {
      const strategyId = uniqueId();
      const pooled = ["RACE-1", "RACE-2", "RACE-3", "RACE-4", "RACE-5"];
      await stockCodes(strategyId, "3", pooled);
      // The orders one after another: they share one pg Client, which runs one query at a time
      // (queueing them is deprecated in pg 8 and removed in 9). The grants below are what race.
      const requests: GrantRequest[] = [];
      for (let i = 0; i < 20; i++) requests.push(await OrderMother.won(db, AwardType.REDEEM_CODE, { strategyId, awardId: "3" }));
      const outcomes = await Promise.all(requests.map((request) => grant(request)));

      expect(outcomes.every((o) => o.kind === "GRANTED")).toBe(true);
      const codes = outcomes.map((o) => (o as { deliveryRef: string }).deliveryRef);
      expect(new Set(codes).size).toBe(20);
      expect(codes.filter((code) => pooled.includes(code)).sort()).toEqual(pooled);
      expect(codes.filter((code) => !pooled.includes(code)).every((code) => GENERATED_CODE.test(code))).toBe(true);
      expect(await freeCodes(strategyId, "3")).toBe(0);
      const perOrder = await db.query(
        "SELECT count(*)::int AS codes, count(DISTINCT order_id)::int AS orders FROM award_redeem_code WHERE strategy_id = $1",
        [strategyId],
      );
      expect(perOrder.rows[0]).toEqual({ codes: 20, orders: 20 });
    });
  });
});
