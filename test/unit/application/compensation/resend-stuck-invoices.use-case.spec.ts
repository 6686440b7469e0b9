import { ResendStuckInvoicesUseCase, type ResendSettings } from "../../../../src/application/compensation/resend-stuck-invoices.use-case";
import { OrderProgress } from "../../../../src/domain/award/draw-order.entity";
import { DependencyUnavailableError } from "../../../../src/shared/errors";
import { DrawOrderMother } from "../../../support/draw-order.mother";
import { FakeClock } from "../../../support/fakes/fake-clock";
import { InMemoryDrawOrderRepository } from "../../../support/fakes/in-memory-draw-order-repository";
import { InMemoryOutboxRepository } from "../../../support/fakes/in-memory-outbox-repository";
import { RecordingInvoicePublisher } from "../../../support/fakes/recording-invoice-publisher";
import { RecordingLogger } from "../../../support/fakes/recording-logger";

const SETTINGS: ResendSettings = { batchSize: 2, staleAfterMs: 30_000, maxBatches: 3, leaseMs: 60_000 };
// DrawOrderMother's orders are created at this instant.
const CREATED = new Date("2026-12-01T00:00:00Z");

function setUp(settings: Partial<ResendSettings> = {}) {
  const clock = new FakeClock(CREATED);
  const orders = new InMemoryDrawOrderRepository(clock);
  const outbox = new InMemoryOutboxRepository(orders);
  const publisher = new RecordingInvoicePublisher();
  const log = new RecordingLogger();
  const scanner = new ResendStuckInvoicesUseCase(outbox, orders, publisher, { ...SETTINGS, ...settings }, log);
  return { clock, orders, outbox, publisher, log, scanner };
}

describe("ResendStuckInvoicesUseCase", () => {
  it("re-sends an invoice whose send failed and marks it sent, ending its claim", async () => {
    const { orders, outbox, publisher, log, scanner } = setUp();
    const order = DrawOrderMother.sendFailed();
    orders.add(order);
    expect(await scanner.execute()).toEqual({ resent: 1, failed: 0 });
    expect(publisher.sent).toEqual([order.orderId.toString()]);
    expect(orders.stored(order.orderId).mqState).toBe(OrderProgress.COMPLETE);
    expect(outbox.isClaimed(order.orderId)).toBe(false);
    expect(log.lines).toEqual([expect.objectContaining({ level: "info", message: "invoice scanner pass" })]);
  });

  it("re-sends an INIT invoice only once it is older than staleAfterMs (its send may still be under way)", async () => {
    const { clock, orders, publisher, scanner } = setUp();
    orders.add(DrawOrderMother.win());
    expect((await scanner.execute()).resent).toBe(0);
    clock.advance(30_001);
    expect((await scanner.execute()).resent).toBe(1);
    expect(publisher.batches).toHaveLength(1);
  });

  it("leaves sent orders alone and logs nothing when nothing is stuck", async () => {
    const { clock, orders, publisher, log, scanner } = setUp();
    orders.add(DrawOrderMother.sent());
    clock.advance(3600_000);
    expect(await scanner.execute()).toEqual({ resent: 0, failed: 0 });
    expect(publisher.batches).toEqual([]);
    expect(log.lines).toEqual([]);
  });

  it("drains a backlog batch by batch, oldest first, and stops after a short batch", async () => {
    const { orders, publisher, scanner } = setUp();
    const stuck = [0, 1, 2].map((i) => DrawOrderMother.sendFailed({ createdAt: new Date(CREATED.getTime() - (3 - i) * 1000) }));
    stuck.forEach((o) => orders.add(o));
    expect(await scanner.execute()).toEqual({ resent: 3, failed: 0 });
    expect(publisher.batches.map((b) => b.map((i) => i.orderId))).toEqual([[stuck[0], stuck[1]].map((o) => String(o.orderId)), [String(stuck[2].orderId)]]);
  });

  it("sends at most maxBatches batches per pass; the rest waits for the next pass", async () => {
    const { orders, scanner } = setUp({ batchSize: 1, maxBatches: 2 });
    for (let i = 0; i < 3; i++) orders.add(DrawOrderMother.sendFailed());
    expect((await scanner.execute()).resent).toBe(2);
    expect((await scanner.execute()).resent).toBe(1);
  });

  it("when the broker is away: marks the batch FAIL, ends its claims, stops the pass and says why", async () => {
    const { clock, orders, outbox, publisher, log, scanner } = setUp();
    const initOrder = DrawOrderMother.win();
    const failedOrder = DrawOrderMother.sendFailed();
    orders.add(initOrder).add(failedOrder);
    clock.advance(30_001);
    publisher.failing = true;
    expect(await scanner.execute()).toEqual({ resent: 0, failed: 2, error: "broker away" });
    expect(orders.stored(initOrder.orderId).mqState).toBe(OrderProgress.FAIL);
    expect([initOrder, failedOrder].map((o) => outbox.isClaimed(o.orderId))).toEqual([false, false]);
    expect(log.lines).toEqual([expect.objectContaining({ level: "warn", message: "invoice scanner pass: re-sends failed; they stay stuck for the next pass" })]);

    publisher.failing = false;
    expect((await scanner.execute()).resent).toBe(2);
  });

  it("never claims an order another scanner holds until its lease runs out", async () => {
    const { clock, orders, outbox, scanner } = setUp();
    const order = DrawOrderMother.sendFailed();
    orders.add(order);
    await outbox.claimStuck(10, SETTINGS.staleAfterMs, SETTINGS.leaseMs);
    expect((await scanner.execute()).resent).toBe(0);
    clock.advance(SETTINGS.leaseMs + 1);
    expect((await scanner.execute()).resent).toBe(1);
  });

  it("lets an outage recording the send through; the claim runs out and the order is sent once more", async () => {
    const { clock, orders, publisher, scanner } = setUp();
    const order = DrawOrderMother.sendFailed();
    orders.add(order);
    orders.outage.once();
    await expect(scanner.execute()).rejects.toBeInstanceOf(DependencyUnavailableError);
    expect(orders.stored(order.orderId).mqState).toBe(OrderProgress.FAIL);
    expect((await scanner.execute()).resent).toBe(0);
    clock.advance(SETTINGS.leaseMs + 1);
    expect((await scanner.execute()).resent).toBe(1);
    expect(publisher.sent).toEqual([order.orderId.toString(), order.orderId.toString()]);
  });

  it("lets an outage claiming through as DependencyUnavailableError, sending nothing", async () => {
    const { orders, outbox, publisher, scanner } = setUp();
    orders.add(DrawOrderMother.sendFailed());
    outbox.outage.once();
    await expect(scanner.execute()).rejects.toBeInstanceOf(DependencyUnavailableError);
    expect(publisher.batches).toEqual([]);
  });
});
