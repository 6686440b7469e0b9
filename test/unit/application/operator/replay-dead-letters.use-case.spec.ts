import { ReplayDeadLettersUseCase } from "../../../../src/application/operator/replay-dead-letters.use-case";
import { InMemoryDeadLetterReplayLog, InMemoryDeadLetterStore, RecordingDeadLetterResender } from "../../../support/fakes/in-memory-dead-letters";

function setUp() {
  const store = new InMemoryDeadLetterStore();
  const replays = new InMemoryDeadLetterReplayLog();
  const resender = new RecordingDeadLetterResender();
  return { store, replays, resender, replay: new ReplayDeadLettersUseCase(store, replays, resender) };
}

describe("ReplayDeadLettersUseCase", () => {
  it("sends one order's dead letter back to the invoice topic, and never twice", async () => {
    const { store, replays, resender, replay } = setUp();
    store.add("11");
    store.add("12");

    expect(await replay.execute({ orderId: "11" })).toMatchObject({ skipped: 0, from: store.topic, to: resender.topic, letters: [{ orderId: "11" }] });
    expect(resender.sentOrderIds).toEqual(["11"]);
    expect([...replays.recorded]).toEqual(["0:0"]);

    expect(await replay.execute({ orderId: "11" })).toMatchObject({ skipped: 1, letters: [] });
    expect(resender.sentOrderIds).toEqual(["11"]);
  });

  it("answers null for an order with no dead letter, so callers can say so (404, exit 1)", async () => {
    const { store, replay } = setUp();
    store.add("11");
    expect(await replay.execute({ orderId: "99" })).toBeNull();
  });

  it("replays only the letters of one reason, or all not replayed yet", async () => {
    const { store, resender, replay } = setUp();
    store.add("1", "failed");
    store.add("2", "unknown_order");
    store.add("3", "failed");

    expect((await replay.execute({ reason: "unknown_order" }))?.letters.map((l) => l.orderId)).toEqual(["2"]);
    expect((await replay.execute({}))?.letters.map((l) => l.orderId)).toEqual(["1", "3"]);
    expect(resender.sentOrderIds).toEqual(["2", "1", "3"]);
    expect(await replay.execute({})).toMatchObject({ letters: [], skipped: 3 });
  });

  it("sends nothing and records nothing on a dry run", async () => {
    const { store, replays, resender, replay } = setUp();
    store.add("1");
    expect((await replay.execute({ dryRun: true }))?.letters).toHaveLength(1);
    expect(resender.batches).toEqual([]);
    expect(replays.recorded.size).toBe(0);
  });

  it("records each chunk after its send: a broker that goes away mid-replay leaves the rest to replay later", async () => {
    const { store, replays, resender, replay } = setUp();
    for (let i = 1; i <= 250; i++) store.add(String(i));
    resender.failAfter = 1;
    const progress: number[] = [];

    await expect(replay.execute({}, (count) => progress.push(count))).rejects.toThrow("broker away");
    expect(progress).toEqual([100]);
    expect(replays.recorded.size).toBe(100);

    resender.failAfter = Number.POSITIVE_INFINITY;
    expect(await replay.execute({})).toMatchObject({ skipped: 100 });
    expect(new Set(resender.sentOrderIds).size).toBe(250);
  });
});
