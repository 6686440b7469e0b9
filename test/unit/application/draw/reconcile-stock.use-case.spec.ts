import { ReconcileStockUseCase } from "../../../../src/application/draw/reconcile-stock.use-case";
import { InMemoryActivityStock } from "../../../support/fakes/in-memory-activity-stock";
import { InMemoryDrawLedger } from "../../../support/fakes/in-memory-draw-ledger";
import { StrategyMother } from "../../../support/strategy.mother";

const log = { debug() {}, info() {}, warn() {}, error() {} };
const ACTIVITY = 7;
const STOCK = 10;

function setUp() {
  const stock = new InMemoryActivityStock();
  const ledger = new InMemoryDrawLedger(STOCK, StrategyMother.reference());
  const reconcile = new ReconcileStockUseCase(stock, ledger, { pendingTimeoutMs: 30_000 }, log);
  let takeId = 1n;
  /** A draw that took a unit and then committed (or not) without telling the stock. */
  const takeAndMaybeCommit = async (commit: boolean) => {
    const id = takeId++;
    const unit = (await stock.take(ACTIVITY, id, () => ledger.layout())) as number;
    if (commit) {
      await ledger.record({
        takeId: id, orderId: id + 100n, uId: `u${id}`, activityId: ACTIVITY, activityName: "a", strategyId: 1, strategyMode: 2, grantType: 1,
        takeLimit: 10, stockUnit: unit, candidates: [], shippingAddress: null, idempotency: null,
      });
    }
    return unit;
  };
  return { stock, ledger, reconcile, takeAndMaybeCommit };
}

describe("ReconcileStockUseCase", () => {
  it("confirms pending units whose takes committed (their draws died before confirming)", async () => {
    const { stock, reconcile, takeAndMaybeCommit } = setUp();
    await takeAndMaybeCommit(true);
    await takeAndMaybeCommit(true);
    expect((await reconcile.execute()).confirmed).toBe(2);
    expect(await stock.view(ACTIVITY)).toEqual({ next: 8, free: 0, pending: 0 });
  });

  it("gives back a pending unit with no take only once no commit can still come", async () => {
    const { stock, reconcile, takeAndMaybeCommit } = setUp();
    let now = Date.now();
    stock.now = () => now;
    await takeAndMaybeCommit(false);
    expect((await reconcile.execute()).givenBack).toBe(0); // its draw may still be writing
    now += 31_000;
    expect((await reconcile.execute()).givenBack).toBe(1);
    expect(stock.left(ACTIVITY)).toBe(STOCK);
  });

  it("withdraws units that committed takes hold although the live stock would hand them out again", async () => {
    const { stock, ledger, reconcile, takeAndMaybeCommit } = setUp();
    await takeAndMaybeCommit(true); // unit 9
    await reconcile.execute();
    // The live stock is lost and rebuilt while a draw of the old one holds unit 8 and commits after.
    stock.states.delete(ACTIVITY);
    await stock.take(ACTIVITY, 99n, () => ledger.layout());
    await stock.giveBack(ACTIVITY, 99n, 8);
    await ledger.record({
      takeId: 50n, orderId: 150n, uId: "late", activityId: ACTIVITY, activityName: "a", strategyId: 1, strategyMode: 2, grantType: 1,
      takeLimit: 10, stockUnit: 8, candidates: [], shippingAddress: null, idempotency: null,
    });
    expect(stock.left(ACTIVITY) + ledger.takes.length).toBe(STOCK + 1); // one unit too many, for now
    expect((await reconcile.execute()).excluded).toBe(1);
    expect(stock.left(ACTIVITY) + ledger.takes.length).toBe(STOCK);
  });

  it("stores the units left as the activity's surplus, counting draws in flight as not taken", async () => {
    const { ledger, reconcile, takeAndMaybeCommit } = setUp();
    await takeAndMaybeCommit(true);
    await takeAndMaybeCommit(false);
    await reconcile.execute();
    expect(ledger.storedSurplus.get(ACTIVITY)).toBe(9);
  });

  it("skips an activity whose live stock vanished between listing and reading it (Redis lost it), storing no surplus", async () => {
    const { stock, ledger, reconcile } = setUp();
    stock.trackedActivities = async () => [ACTIVITY];
    expect(await reconcile.execute()).toEqual({ activities: 1, confirmed: 0, givenBack: 0, excluded: 0 });
    expect(ledger.storedSurplus.size).toBe(0);
  });
});
