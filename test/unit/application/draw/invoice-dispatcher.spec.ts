import { InvoiceDispatcher } from "../../../../src/application/draw/invoice-dispatcher";
import { AwardType } from "../../../../src/domain/award/award-type";
import { DrawOrder } from "../../../../src/domain/award/draw-order.entity";
import { InMemorySendOutcomes, RecordingInvoicePublisher } from "../../../support/fakes/recording-invoice-publisher";

const warnings: string[] = [];
const log = { debug() {}, info() {}, warn: (_: object, message: string) => void warnings.push(message), error() {} };

function order(id: number): DrawOrder {
  return DrawOrder.win(
    { orderId: BigInt(id), uId: `u${id % 7}`, activityId: 1, strategyId: 1, strategyMode: 2, grantType: 1, awardId: "1", awardType: AwardType.DESC, awardName: "A", awardContent: "", takeId: BigInt(id + 1_000_000), shippingAddress: null },
    new Date(),
  );
}

function dispatcher(settings: Partial<ConstructorParameters<typeof InvoiceDispatcher>[2]> = {}) {
  const publisher = new RecordingInvoicePublisher();
  const outcomes = new InMemorySendOutcomes();
  const d = new InvoiceDispatcher(publisher, outcomes, { lingerMs: 20, maxBatch: 100, maxInFlight: 2, maxQueued: 1000, ...settings }, log);
  return { d, publisher, outcomes };
}

describe("InvoiceDispatcher", () => {
  beforeEach(() => warnings.splice(0));

  it("lets invoices dispatched together share one Kafka request and records them sent in one go", async () => {
    const { d, publisher, outcomes } = dispatcher();
    for (let i = 1; i <= 30; i++) d.dispatch(order(i));
    expect(publisher.batches).toHaveLength(0); // nothing is sent while the caller is still answering
    await d.drain();
    expect(publisher.batches.map((b) => b.length)).toEqual([30]);
    expect([...outcomes.state.values()].every((s) => s === "COMPLETE")).toBe(true);
    expect(outcomes.state.size).toBe(30);
  });

  it("lets invoices that arrive during a send wait their linger, not go the moment the send ends", async () => {
    const { d, publisher } = dispatcher({ lingerMs: 150 });
    let release = () => undefined as void;
    publisher.gate = new Promise<void>((resolve) => (release = resolve));
    d.dispatch(order(1));
    await sleep(160); // the first batch is on its way, held by the broker
    d.dispatch(order(2));
    d.dispatch(order(3));
    release();
    await sleep(20);
    expect(publisher.batches.map((b) => b.length)).toEqual([1]); // 2 and 3 still have most of their linger
    await sleep(300);
    expect(publisher.batches.map((b) => b.length)).toEqual([1, 2]);
  });

  it("sends at once what waited through its linger while the sends in flight were at their limit", async () => {
    const { d, publisher } = dispatcher({ lingerMs: 20, maxInFlight: 1 });
    let release = () => undefined as void;
    publisher.gate = new Promise<void>((resolve) => (release = resolve));
    d.dispatch(order(1));
    await sleep(30);
    d.dispatch(order(2));
    await sleep(40); // its linger ran out while the one send allowed was in flight
    release();
    for (let waited = 0; publisher.batches.length < 2 && waited < 1000; waited += 10) await sleep(10);
    expect(publisher.batches.map((b) => b.length)).toEqual([1, 1]);
  });

  it("never puts more than maxBatch invoices in one request", async () => {
    const { d, publisher } = dispatcher({ maxBatch: 8 });
    for (let i = 1; i <= 20; i++) d.dispatch(order(i));
    await d.drain();
    expect(publisher.batches.map((b) => b.length)).toEqual([8, 8, 4]);
  });

  it("records a failed send as mq_state FAIL for the scanner, and never turns COMPLETE back into FAIL", async () => {
    const { d, publisher, outcomes } = dispatcher();
    d.dispatch(order(1));
    await d.drain();
    publisher.failing = true;
    d.dispatch(order(1)); // the same order again (a duplicate send) fails this time
    d.dispatch(order(2));
    await d.drain();
    expect(outcomes.state.get("1")).toBe("COMPLETE");
    expect(outcomes.state.get("2")).toBe("FAIL");
    expect(warnings).toContain("invoice send failed; the scanner will re-send these orders");
  });

  it("survives a database that cannot record the outcome: the orders keep mq_state 0 for the scanner", async () => {
    const { d, outcomes } = dispatcher();
    outcomes.failing = true;
    d.dispatch(order(1));
    await d.drain();
    expect(outcomes.state.size).toBe(0);
    expect(warnings).toContain("could not record invoice sends; the scanner will re-send these orders");
  });

  it("leaves the oldest to the scanner when too many wait, instead of growing without bound", async () => {
    const { d, publisher, outcomes } = dispatcher({ maxQueued: 5, maxBatch: 100, lingerMs: 1000 });
    let release = () => {};
    publisher.gate = new Promise<void>((resolve) => (release = resolve));
    for (let i = 1; i <= 8; i++) d.dispatch(order(i));
    await new Promise((resolve) => setImmediate(resolve));
    expect(["1", "2", "3"].map((id) => outcomes.state.get(id))).toEqual(["FAIL", "FAIL", "FAIL"]);
    release();
    await d.drain();
    expect(publisher.sent).toEqual(["4", "5", "6", "7", "8"]);
  });

  it("drain() waits for sends in flight and sends what still waits", async () => {
    const { d, publisher } = dispatcher({ lingerMs: 10_000 });
    d.dispatch(order(1));
    expect(d.pending).toBe(1);
    await d.drain();
    expect(publisher.sent).toEqual(["1"]);
    expect(d.pending).toBe(0);
  });

  it("logs a failing send once per interval, not once per batch", async () => {
    const { d, publisher } = dispatcher({ maxBatch: 1 });
    publisher.failing = true;
    for (let i = 1; i <= 10; i++) d.dispatch(order(i));
    await d.drain();
    expect(warnings.filter((w) => w.startsWith("invoice send failed"))).toHaveLength(1);
  });

  it("drains at once when nothing is waiting or in flight", async () => {
    const { d, publisher } = dispatcher();
    await d.drain();
    expect(publisher.batches).toEqual([]);
  });
});

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
