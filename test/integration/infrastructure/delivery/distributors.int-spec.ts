import type { Client, Pool } from "pg";
import type { GrantRequest } from "../../../../src/domain/award/award-distributor";
import { AwardType, awardTypeName } from "../../../../src/domain/award/award-type";
import type { ShippingAddress } from "../../../../src/domain/award/draw-order.entity";
import { CouponDistributor } from "../../../../src/domain/award/distributors/coupon.distributor";
import { createPgPool } from "../../../../src/infrastructure/persistence/pg-pool.factory";
import { granting, type BriefOutcome } from "../../../support/grant-harness";
import { connectDb } from "../../../support/db";
import { uniqueId } from "../../../support/unique-id";

const ADDRESS: ShippingAddress = { name: "xiaofuge", city: "Beijing", street: "1 Chang'an Avenue" };

/**
 * Won orders written straight into user_strategy_export, as the draw writes them. mq_state is
 * COMPLETE (invoice sent), so an invoice scanner of another test file's app never re-sends them
 * and no consumer grants them behind this file's back.
 */
const OrderMother = {
  async won(
    db: Client,
    awardType: AwardType,
    options: { strategyId?: number; awardId?: string; orderAddress?: ShippingAddress | null; invoiceAddress?: ShippingAddress | null } = {},
  ): Promise<GrantRequest> {
    const orderId = BigInt(uniqueId());
    const request: GrantRequest = {
      orderId,
      uId: `user-${orderId}`,
      activityId: 100001,
      awardId: options.awardId ?? "3",
      awardType,
      awardName: `${awardTypeName(awardType)} prize`,
      awardContent: `content of ${orderId}`,
      shippingAddress: options.invoiceAddress === undefined ? (options.orderAddress ?? null) : options.invoiceAddress,
    };
    await db.query(
      `INSERT INTO user_strategy_export (order_id, u_id, activity_id, strategy_id, strategy_mode, grant_type, grant_state,
         award_id, award_type, award_name, award_content, shipping_address, uuid, mq_state)
       VALUES ($1, $2, $3, $4, 2, 1, 0, $5, $6, $7, $8, $9, $10, 1)`,
      [
        orderId.toString(),
        request.uId,
        request.activityId,
        options.strategyId ?? uniqueId(),
        request.awardId,
        awardType,
        request.awardName,
        request.awardContent,
        options.orderAddress ? JSON.stringify(options.orderAddress) : null,
        orderId.toString(),
      ],
    );
    return request;
  },
};

// The distributors' policies through the grant they run in (DeliverInvoicesUseCase on a real
// transaction, with the PostgreSQL adapters of their ports); their unit tests use fakes.
describe("award distributors", () => {
  let pool: Pool;
  let db: Client;
  let grant: (request: GrantRequest) => Promise<BriefOutcome>;

  beforeAll(async () => {
    pool = createPgPool(process.env.DATABASE_URL as string, 25);
    db = await connectDb();
    grant = granting(pool);
  });
  afterAll(async () => {
    await pool.end();
    await db.end();
  });

  const deliveriesOf = async (orderId: bigint) =>
    (await db.query("SELECT delivery_ref, award_type, u_id, detail FROM award_delivery WHERE order_id = $1", [orderId.toString()])).rows;
  const grantStateOf = async (orderId: bigint) =>
    (await db.query("SELECT grant_state FROM user_strategy_export WHERE order_id = $1", [orderId.toString()])).rows[0].grant_state as number;
  const countRows = async (table: string, orderId: bigint) =>
    Number((await db.query(`SELECT count(*) FROM ${table} WHERE order_id = $1`, [orderId.toString()])).rows[0].count);

  /**
   * Runs `grants` while another transaction holds the order's row lock, and frees the lock once
   * `waiters` statements queue on it: the racing redeliveries then all start from a snapshot
   * taken before any of them committed, the hardest case for idempotency.
   */
  async function whileOrderLocked<T>(orderId: bigint, waiters: number, grants: () => Promise<T>): Promise<T> {
    const holder = await pool.connect();
    try {
      await holder.query("BEGIN");
      await holder.query("SELECT 1 FROM user_strategy_export WHERE order_id = $1 FOR UPDATE", [orderId.toString()]);
      const running = grants();
      const deadline = Date.now() + 10_000;
      const queued = async () =>
        Number(
          (await pool.query("SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock' AND query LIKE '%ORDER BY order_id FOR UPDATE%'"))
            .rows[0].count,
        );
      while ((await queued()) < waiters) {
        if (Date.now() > deadline) throw new Error(`fewer than ${waiters} grants queued on the lock of order ${orderId}`);
        await new Promise((resolve) => setTimeout(resolve, 10));
      }
      await holder.query("COMMIT");
      return await running;
    } finally {
      await holder.query("ROLLBACK").catch(() => undefined);
      holder.release();
    }
  }

  /** The table holding each type's own effect; DESC has none beyond its award_delivery row. */
  const EFFECT_TABLE: Record<AwardType, string> = {
    [AwardType.DESC]: "award_delivery",
    [AwardType.REDEEM_CODE]: "award_redeem_code",
    [AwardType.COUPON]: "award_coupon",
    [AwardType.PHYSICAL]: "award_shipment",
  };
  // PHYSICAL with an address, so that every type here completes its grant at once.
  const wonOrder = (type: AwardType) => OrderMother.won(db, type, type === AwardType.PHYSICAL ? { orderAddress: ADDRESS } : {});

  const EVERY_TYPE = [AwardType.DESC, AwardType.REDEEM_CODE, AwardType.COUPON, AwardType.PHYSICAL].map((type) => [awardTypeName(type), type] as const);

  describe.each(EVERY_TYPE)("%s, like every type,", (_name, type) => {

    it("writes exactly one award_delivery row with the delivery reference and sets grant_state COMPLETE", async () => {
      const request = await wonOrder(type);
      const outcome = await grant(request);
      expect(outcome).toEqual({ kind: "GRANTED", deliveryRef: expect.any(String) });
      const deliveries = await deliveriesOf(request.orderId);
      expect(deliveries).toEqual([
        { delivery_ref: (outcome as { deliveryRef: string }).deliveryRef, award_type: type, u_id: request.uId, detail: expect.any(Object) },
      ]);
      expect(await grantStateOf(request.orderId)).toBe(1);
      expect(await countRows(EFFECT_TABLE[type], request.orderId)).toBe(1);
    });

    it("repeats nothing when the same invoice is granted 5 times in a row", async () => {
      const request = await wonOrder(type);
      const outcomes: BriefOutcome[] = [];
      for (let i = 0; i < 5; i++) outcomes.push(await grant(request));
      const [first, ...rest] = outcomes;
      expect(first.kind).toBe("GRANTED");
      expect(rest).toEqual(Array(4).fill({ kind: "ALREADY_GRANTED", deliveryRef: (first as { deliveryRef: string }).deliveryRef }));
      expect(await countRows("award_delivery", request.orderId)).toBe(1);
      expect(await countRows(EFFECT_TABLE[type], request.orderId)).toBe(1);
    });

    it("grants once when 5 deliveries of the same invoice race", async () => {
      const request = await wonOrder(type);
      const outcomes = await Promise.all(Array.from({ length: 5 }, () => grant(request)));
      const granted = outcomes.filter((o) => o.kind === "GRANTED");
      expect(granted).toHaveLength(1);
      const ref = (granted[0] as { deliveryRef: string }).deliveryRef;
      expect(outcomes.filter((o) => o.kind === "ALREADY_GRANTED")).toEqual(Array(4).fill({ kind: "ALREADY_GRANTED", deliveryRef: ref }));
      expect(await countRows("award_delivery", request.orderId)).toBe(1);
      expect(await countRows(EFFECT_TABLE[type], request.orderId)).toBe(1);
      expect(await grantStateOf(request.orderId)).toBe(1);
    });

    it("grants once when 5 deliveries queue on the order's lock and race when it is freed (each read the order before the first grant committed)", async () => {
      const request = await wonOrder(type);
      const outcomes = await whileOrderLocked(request.orderId, 5, () => Promise.all(Array.from({ length: 5 }, () => grant(request))));
      const granted = outcomes.filter((o) => o.kind === "GRANTED");
      expect(granted).toHaveLength(1);
      expect(outcomes.filter((o) => o.kind === "ALREADY_GRANTED")).toEqual(Array(4).fill({ kind: "ALREADY_GRANTED", deliveryRef: (granted[0] as { deliveryRef: string }).deliveryRef }));
      expect(await countRows("award_delivery", request.orderId)).toBe(1);
      expect(await countRows(EFFECT_TABLE[type], request.orderId)).toBe(1);
    });

    it("answers ORDER_NOT_FOUND for an order that does not exist, and writes nothing", async () => {
      const request = { ...(await wonOrder(type)), orderId: BigInt(uniqueId()) };
      expect(await grant(request)).toEqual({ kind: "ORDER_NOT_FOUND" });
      expect(await countRows("award_delivery", request.orderId)).toBe(0);
      if (type !== AwardType.DESC) expect(await countRows(EFFECT_TABLE[type], request.orderId)).toBe(0);
    });

    it("grants an order left at grant_state FAIL (retries ran out) when compensation grants it again", async () => {
      const request = await wonOrder(type);
      await db.query("UPDATE user_strategy_export SET grant_state = 2 WHERE order_id = $1", [request.orderId.toString()]);
      expect((await grant(request)).kind).toBe("GRANTED");
      expect(await grantStateOf(request.orderId)).toBe(1);
    });

    it("sets grant_state COMPLETE again when FAIL was recorded after the grant had in fact committed", async () => {
      const request = await wonOrder(type);
      const first = await grant(request);
      await db.query("UPDATE user_strategy_export SET grant_state = 2 WHERE order_id = $1", [request.orderId.toString()]);
      expect(await grant(request)).toEqual({ kind: "ALREADY_GRANTED", deliveryRef: (first as { deliveryRef: string }).deliveryRef });
      expect(await grantStateOf(request.orderId)).toBe(1);
      expect(await countRows(EFFECT_TABLE[type], request.orderId)).toBe(1);
    });
  });

  it("refuses an invoice whose award type is not its order's, and writes nothing", async () => {
    const request = await OrderMother.won(db, AwardType.DESC);
    await expect(grant({ ...request, awardType: AwardType.COUPON })).rejects.toThrow(/is a DESC prize, not COUPON/);
    expect(await countRows("award_delivery", request.orderId)).toBe(0);
    expect(await countRows("award_coupon", request.orderId)).toBe(0);
    expect(await grantStateOf(request.orderId)).toBe(0);
  });

  describe("DESC", () => {
    it("records the text prize: reference DESC-<orderId> and the award content as detail.text", async () => {
      const request = await OrderMother.won(db, AwardType.DESC);
      expect(await grant(request)).toEqual({ kind: "GRANTED", deliveryRef: `DESC-${request.orderId}` });
      const [delivery] = await deliveriesOf(request.orderId);
      expect(delivery.detail).toEqual({ text: request.awardContent });
    });
  });

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

  describe("COUPON", () => {
    const DAY_MS = 24 * 3600_000;
    const couponOf = async (orderId: bigint) =>
      (await db.query("SELECT coupon_id, u_id, award_id, value, expires_at, created_at FROM award_coupon WHERE order_id = $1", [orderId.toString()])).rows[0];

    it("issues a coupon worth the award content, valid for 30 days from the grant by default", async () => {
      const request = await OrderMother.won(db, AwardType.COUPON);
      const outcome = await grant(request);
      const coupon = await couponOf(request.orderId);
      expect(outcome).toEqual({ kind: "GRANTED", deliveryRef: coupon.coupon_id });
      expect(coupon).toMatchObject({ coupon_id: expect.stringMatching(/^CPN-[0-9A-Z]{20}$/), u_id: request.uId, award_id: "3", value: request.awardContent });
      expect(coupon.expires_at.getTime() - coupon.created_at.getTime()).toBe(30 * DAY_MS);
      expect((await deliveriesOf(request.orderId))[0].detail).toEqual({
        couponId: coupon.coupon_id,
        value: request.awardContent,
        expiresAt: coupon.expires_at.toISOString(),
      });
    });

    it("uses the configured validity", async () => {
      const request = await OrderMother.won(db, AwardType.COUPON);
      await granting(pool, { couponValidityDays: 7 })(request);
      const coupon = await couponOf(request.orderId);
      expect(coupon.expires_at.getTime() - coupon.created_at.getTime()).toBe(7 * DAY_MS);
    });

    it("refuses a validity that is not a positive number of days", () => {
      expect(() => new CouponDistributor({ validityDays: 0 })).toThrow(RangeError);
      expect(() => new CouponDistributor({ validityDays: Number.NaN })).toThrow(RangeError);
    });
  });

  describe("PHYSICAL", () => {
    const shipmentOf = async (orderId: bigint) =>
      (await db.query("SELECT shipment_id, state, address FROM award_shipment WHERE order_id = $1", [orderId.toString()])).rows;

    it("ships to the invoice's address when the order row has none: READY_TO_SHIP, grant COMPLETE", async () => {
      const request = await OrderMother.won(db, AwardType.PHYSICAL, { orderAddress: null, invoiceAddress: ADDRESS });
      const outcome = await grant(request);
      expect(await shipmentOf(request.orderId)).toEqual([{ shipment_id: expect.stringMatching(/^SHP-[0-9A-Z]{20}$/), state: "READY_TO_SHIP", address: ADDRESS }]);
      expect(outcome).toEqual({ kind: "GRANTED", deliveryRef: (await shipmentOf(request.orderId))[0].shipment_id });
      expect(await grantStateOf(request.orderId)).toBe(1);
    });

    it("ships to the order row's address over the invoice's (the user may have changed it before the invoice was consumed)", async () => {
      const newer = { city: "Shanghai", street: "2 Nanjing Road" };
      const request = await OrderMother.won(db, AwardType.PHYSICAL, { orderAddress: newer, invoiceAddress: ADDRESS });
      await grant(request);
      expect((await shipmentOf(request.orderId))[0].address).toEqual(newer);
    });

    it("without any address, creates a PENDING_ADDRESS shipment, sets grant_state AWAITING_ADDRESS (3) and no delivery time", async () => {
      const request = await OrderMother.won(db, AwardType.PHYSICAL, { orderAddress: null, invoiceAddress: null });
      const outcome = await grant(request);
      const shipments = await shipmentOf(request.orderId);
      expect(shipments).toEqual([{ shipment_id: expect.any(String), state: "PENDING_ADDRESS", address: null }]);
      expect(outcome).toEqual({ kind: "AWAITING_ADDRESS", deliveryRef: shipments[0].shipment_id });
      expect(await deliveriesOf(request.orderId)).toHaveLength(1);
      const { rows } = await db.query("SELECT delivered_at FROM award_delivery WHERE order_id = $1", [request.orderId.toString()]);
      expect(rows).toEqual([{ delivered_at: null }]);
      expect(await grantStateOf(request.orderId)).toBe(3);
    });

    it("counts an address without fields as no address", async () => {
      const request = await OrderMother.won(db, AwardType.PHYSICAL, { orderAddress: null, invoiceAddress: {} });
      expect((await grant(request)).kind).toBe("AWAITING_ADDRESS");
    });

    it("answers AWAITING_ADDRESS again to redeliveries of a waiting grant, in a row or racing, without a second shipment", async () => {
      const request = await OrderMother.won(db, AwardType.PHYSICAL, { orderAddress: null, invoiceAddress: null });
      const first = await grant(request);
      const again = [await grant(request), ...(await Promise.all(Array.from({ length: 5 }, () => grant(request))))];
      expect(again).toEqual(Array(6).fill(first));
      expect(await shipmentOf(request.orderId)).toHaveLength(1);
      expect(await countRows("award_delivery", request.orderId)).toBe(1);
      expect(await grantStateOf(request.orderId)).toBe(3);
    });

    it("puts a waiting order left at FAIL back to AWAITING_ADDRESS, not to failed or granted", async () => {
      const request = await OrderMother.won(db, AwardType.PHYSICAL, { orderAddress: null, invoiceAddress: null });
      const first = await grant(request);
      await db.query("UPDATE user_strategy_export SET grant_state = 2 WHERE order_id = $1", [request.orderId.toString()]);
      expect(await grant(request)).toEqual(first);
      expect(await grantStateOf(request.orderId)).toBe(3);
    });
  });
});
