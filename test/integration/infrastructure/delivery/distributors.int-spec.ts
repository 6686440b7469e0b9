import type { Client, Pool } from "pg";
import { AwardType, awardTypeName } from "../../../../src/domain/award/award-type";
import type { BriefOutcome } from "../../../support/grant-harness";
import { uniqueId } from "../../../support/unique-id";
import { ADDRESS, closeGrantFixture, type GrantFixture, grantReads, openGrantFixture, OrderMother } from "./grant-fixture";

// The distributors' policies through the grant they run in (DeliverInvoicesUseCase on a real
// transaction, with the PostgreSQL adapters of their ports); their unit tests use fakes.
describe("award distributors", () => {
  let pool: Pool;
  let db: Client;
  let grant: GrantFixture["grant"];

  beforeAll(async () => {
    ({ pool, db, grant } = await openGrantFixture());
  });
  afterAll(() => closeGrantFixture({ pool, db }));

  const { deliveriesOf, grantStateOf, countRows } = grantReads(() => db);

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
});
