import { OperatorQueries } from "../../../../src/application/operator/operator-queries";
import type { ActivitySummary } from "../../../../src/application/operator/operator-reports.port";
import { ActivityState } from "../../../../src/domain/activity/activity-state";
import { GrantState, type DrawOrder } from "../../../../src/domain/award/draw-order.entity";
import { InMemoryActivityStock } from "../../../support/fakes/in-memory-activity-stock";
import { InMemoryDeadLetterReplayLog, InMemoryDeadLetterStore } from "../../../support/fakes/in-memory-dead-letters";

const row = (activityId: number, stockSurplusCount: number): ActivitySummary => ({
  activityId,
  name: `activity ${activityId}`,
  state: ActivityState.DOING,
  stockCount: 100,
  stockSurplusCount,
  takes: 0,
  wins: 0,
  granted: 0,
  pending: 0,
  failed: 0,
});

function setUp() {
  const stock = new InMemoryActivityStock();
  const deadLetters = new InMemoryDeadLetterStore();
  const replays = new InMemoryDeadLetterReplayLog();
  const grantStates = new Map<bigint, GrantState>();
  const queries = new OperatorQueries(
    {
      summaries: { summaries: async () => [row(1, 100), row(2, 40)] },
      grantStates: { grantStates: async (ids) => new Map(ids.filter((id) => grantStates.has(id)).map((id) => [id, grantStates.get(id) as GrantState])) },
      outbox: { claimStuck: async () => [], releaseClaims: async () => undefined, listStuck: async () => ({ orders: [] as DrawOrder[], total: 0 }) },
      lag: { groupId: "lottery", topic: "lottery_invoice", lag: async () => [{ partition: 1, lag: 3 }, { partition: 0, lag: 2 }] },
      deadLetters,
      replays,
      stock,
    },
    60_000,
  );
  return { stock, deadLetters, replays, grantStates, queries };
}

describe("OperatorQueries", () => {
  it("shows the live stock of an activity that draws have touched, and the stored surplus of one they have not", async () => {
    const { stock, queries } = setUp();
    await stock.take(1, 1n, async () => ({ next: 100, holes: [] }));
    await stock.take(1, 2n, async () => ({ next: 100, holes: [] }));
    const [touched, untouched] = await queries.liveSummary();
    expect(touched).toMatchObject({ activityId: 1, stockSurplusCount: 100, stockLeft: 98, live: true });
    expect(untouched).toMatchObject({ activityId: 2, stockLeft: 40, live: false });
  });

  it("falls back to the stored surplus while the live stock store is away", async () => {
    const { stock, queries } = setUp();
    await stock.take(1, 1n, async () => ({ next: 100, holes: [] }));
    stock.failNext = new Error("redis away");
    expect((await queries.liveSummary())[0]).toMatchObject({ stockLeft: 100, live: false });
  });

  it("sums the consumer lag over partitions, in partition order", async () => {
    const { queries } = setUp();
    expect(await queries.consumerLag()).toEqual({ groupId: "lottery", topic: "lottery_invoice", total: 5, partitions: [{ partition: 0, lag: 2 }, { partition: 1, lag: 3 }] });
  });

  it("lists dead letters of a reason with whether each was replayed and where its order stands now", async () => {
    const { deadLetters, replays, grantStates, queries } = setUp();
    const granted = deadLetters.add("21", "failed");
    deadLetters.add("22", "failed");
    deadLetters.add(undefined, "malformed");
    await replays.record([granted]);
    grantStates.set(21n, GrantState.COMPLETE);

    const all = await queries.listDeadLetters();
    expect(all.letters.map((l) => [l.orderId, l.replayed, l.grantState])).toEqual([
      ["21", true, GrantState.COMPLETE],
      ["22", false, undefined],
      [undefined, false, undefined],
    ]);
    expect((await queries.listDeadLetters("malformed")).letters).toHaveLength(1);
  });
});
