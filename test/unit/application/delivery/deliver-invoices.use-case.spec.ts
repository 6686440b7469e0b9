import { DeliverInvoicesUseCase } from "../../../../src/application/delivery/deliver-invoices.use-case";
import { InMemoryEmptyPoolPolicies } from "../../../support/fakes/in-memory-empty-pool-policies";
import { AwardDistributorFactory } from "../../../../src/domain/award/award-distributor.factory";
import { AwardType } from "../../../../src/domain/award/award-type";
import { GrantState } from "../../../../src/domain/award/draw-order.entity";
import { DrawOrderMother } from "../../../support/draw-order.mother";
import { InvoiceMother } from "../../../support/invoice.mother";
import { InMemoryGrantStore } from "../../../support/fakes/in-memory-grant-store";

let generated = 0;
const envelopeFor = InvoiceMother.envelope;
const malformed = InvoiceMother.malformed;

function setUp(whenPoolEmpty: "GENERATE" | "FAIL" = "GENERATE") {
  const store = new InMemoryGrantStore();
  store.ports.poolPolicies = new InMemoryEmptyPoolPolicies(whenPoolEmpty);
  const publisher = store.publisher();
  const deliver = new DeliverInvoicesUseCase(
    AwardDistributorFactory.standard({ coupon: { validityDays: 30 }, redeemCode: { generateCode: () => `GEN-${generated++}` } }),
    store,
    store.log(),
    publisher,
  );
  return { store, publisher, deliver };
}

describe("DeliverInvoicesUseCase", () => {
  it("grants a batch of mixed award types in one transaction, one delivery each", async () => {
    const { store, deliver } = setUp();
    const orders = [AwardType.DESC, AwardType.COUPON, AwardType.REDEEM_CODE, AwardType.DESC].map((type) => DrawOrderMother.ofType(type));
    orders.forEach((o) => store.add(o));
    const report = await deliver.deliverBatch(orders.map((o) => envelopeFor(o)));
    expect(report.outcomes.map((o) => o.kind)).toEqual(["GRANTED", "GRANTED", "GRANTED", "GRANTED"]);
    expect(store.deliveries.size).toBe(4);
    expect([...store.orders.values()].every((o) => o.grantState === GrantState.COMPLETE)).toBe(true);
  });

  it("repeats nothing for a redelivered batch, or an order twice in one batch", async () => {
    const { store, deliver } = setUp();
    const order = DrawOrderMother.ofType(AwardType.COUPON);
    store.add(order);
    const first = await deliver.deliverBatch([envelopeFor(order), envelopeFor(order)]);
    const again = await deliver.deliverBatch([envelopeFor(order)]);
    expect(first.outcomes.map((o) => o.kind)).toEqual(["GRANTED", "ALREADY_GRANTED"]);
    expect(again.outcomes.map((o) => o.kind)).toEqual(["ALREADY_GRANTED"]);
    expect(store.ports.coupons.issued).toHaveLength(1);
  });

  it("records the compensation task and the dead letter before it sends the dead letter of an award-level failure", async () => {
    const { store, publisher, deliver } = setUp("FAIL");
    const order = DrawOrderMother.ofType(AwardType.REDEEM_CODE);
    store.add(order);
    const envelope = envelopeFor(order);
    const report = await deliver.deliverBatch([envelope]);
    expect(report.outcomes).toEqual([expect.objectContaining({ kind: "FAILED", reason: expect.stringContaining("pool") })]);
    const where = `${envelope.source.partition}:${envelope.source.offset}`;
    expect(store.events).toEqual([`GRANT_FAILED ${order.orderId}`, `task REGRANT_ORDER ${order.orderId}`, `dead letter recorded ${where}`, `published dead letter ${where}`]);
    expect(publisher.sent[0].letter).toMatchObject({ reason: "failed", attempts: 1 });
    expect(publisher.sent[0].message).toEqual(envelope.raw);
  });

  it("writes nothing and sends no dead letter when the transaction fails, and dead-letters each bad message once when it is tried again", async () => {
    const { store, publisher, deliver } = setUp();
    const good = DrawOrderMother.win();
    store.add(good);
    const stranger = DrawOrderMother.win();
    const batch = [envelopeFor(good), malformed(), envelopeFor(stranger)];
    store.failNextCommits = 1;
    await expect(deliver.deliverBatch(batch)).rejects.toThrow("Connection terminated unexpectedly");
    expect(store.deliveries.size).toBe(0);
    expect(publisher.sent).toEqual([]);

    await deliver.deliverBatch(batch);
    await deliver.deliverBatch(batch);
    expect(store.deliveries.size).toBe(1);
    expect(publisher.sent.map((s) => s.letter.reason).sort()).toEqual(["malformed", "unknown_order"]);
  });

  it("dead-letters an invoice whose award type is not its order's, with its order failed and compensated", async () => {
    const { store, publisher, deliver } = setUp();
    const order = DrawOrderMother.ofType(AwardType.DESC);
    store.add(order);
    const report = await deliver.deliverBatch([envelopeFor(order, { awardType: AwardType.COUPON })]);
    expect(report.outcomes[0]).toMatchObject({ kind: "FAILED", reason: `order ${order.orderId} is a DESC prize, not COUPON` });
    expect(store.orders.get(order.orderId)?.grantState).toBe(GrantState.FAIL);
    expect(store.tasks).toHaveLength(1);
    expect(publisher.sent).toHaveLength(1);
  });

  it("gives up on an invoice after its attempts: FAIL, a task, one dead letter with the attempts; a delivered order is left alone", async () => {
    const { store, publisher, deliver } = setUp();
    const order = DrawOrderMother.win();
    store.add(order);
    const envelope = envelopeFor(order);
    await deliver.giveUp(envelope, "downstream exploded", 4);
    await deliver.giveUp(envelope, "downstream exploded", 4);
    expect(publisher.sent.map((s) => [s.letter.reason, s.letter.attempts, s.letter.error])).toEqual([["failed", 4, "downstream exploded"]]);
    expect(store.orders.get(order.orderId)?.grantState).toBe(GrantState.FAIL);

    const granted = DrawOrderMother.granted();
    store.add(granted);
    const report = await deliver.giveUp(envelopeFor(granted), "whatever", 4);
    expect(report.outcomes[0].kind).toBe("ALREADY_GRANTED");
    expect(publisher.sent).toHaveLength(1);
  });

  it("grants a PHYSICAL prize without an address as AWAITING_ADDRESS, with no delivery time", async () => {
    const { store, deliver } = setUp();
    const order = DrawOrderMother.ofType(AwardType.PHYSICAL);
    store.add(order);
    const report = await deliver.deliverBatch([envelopeFor(order)]);
    expect(report.outcomes[0].kind).toBe("AWAITING_ADDRESS");
    expect(store.orders.get(order.orderId)?.grantState).toBe(GrantState.AWAITING_ADDRESS);
    expect(store.deliveries.get(order.orderId)?.deliveredAt).toBeNull();
  });
});
