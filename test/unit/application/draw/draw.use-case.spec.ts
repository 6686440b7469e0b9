import { ActivityState } from "../../../../src/domain/activity/activity-state";
import { StrategyMode } from "../../../../src/domain/strategy/strategy-mode";
import { Strategy } from "../../../../src/domain/strategy/strategy.entity";
import { DependencyUnavailableError } from "../../../../src/shared/errors";
import { StrategyMother } from "../../../support/strategy.mother";
import { ACTIVITY_ID, activity, command, setUp } from "./draw-fixture";

describe("DrawUseCase", () => {
  describe("refusals before any stock is taken", () => {
    it("ACTIVITY_NOT_FOUND after reading the activity again, when neither cache nor database has it", async () => {
      const { draw, reads, stock } = setUp({ stored: null });
      const result = await draw.execute(command());
      expect(result).toMatchObject({ ok: false, error: { code: "ACTIVITY_NOT_FOUND" } });
      expect(reads.reloads).toBe(1);
      expect(stock.states.size).toBe(0);
    });

    it("ACTIVITY_NOT_OPEN only after the database confirms the cached 'not open'", async () => {
      const { draw, reads } = setUp({ cached: activity(ActivityState.CLOSE), stored: activity(ActivityState.CLOSE) });
      expect(await draw.execute(command())).toMatchObject({ ok: false, error: { code: "ACTIVITY_NOT_OPEN" } });
      expect(reads.reloads).toBe(1);
    });

    it("draws when the cache still says PASS but the operator moved the activity to DOING", async () => {
      const { draw, reads } = setUp({ cached: activity(ActivityState.PASS), stored: activity(ActivityState.DOING) });
      expect((await draw.execute(command())).ok).toBe(true);
      expect(reads.reloads).toBe(1);
    });
  });

  describe("a draw", () => {
    it("takes a unit, records the take with it, confirms it, and dispatches the invoice of a win", async () => {
      const { draw, stock, ledger, publisher, dispatcher } = setUp();
      const result = await draw.execute(command());
      if (!result.ok) throw new Error(result.error.message);
      expect(result.value.result).toBe("WIN"); // ENTIRETY with stock: always a win
      expect(ledger.takes).toHaveLength(1);
      expect(ledger.takes[0].entry.stockUnit).toBe(9);
      await new Promise((resolve) => setImmediate(resolve));
      expect(await stock.view(ACTIVITY_ID)).toEqual({ next: 9, free: 0, pending: 0 });
      await dispatcher.drain();
      expect(publisher.sent).toEqual(result.value.result === "WIN" ? [result.value.order.orderId.toString()] : []);
    });

    it("answers ACTIVITY_OUT_OF_STOCK once the live stock has no unit left", async () => {
      const { draw } = setUp({ stockCount: 1 });
      expect((await draw.execute(command({ uId: "a" }))).ok).toBe(true);
      expect(await draw.execute(command({ uId: "b" }))).toMatchObject({ ok: false, error: { code: "ACTIVITY_OUT_OF_STOCK" } });
    });

    it("drops a unit a committed take holds already and takes the next one", async () => {
      const { draw, stock, ledger } = setUp();
      // The live stock was rebuilt at next = 10 while a draw of the old one committed unit 9.
      expect((await draw.execute(command({ uId: "a" }))).ok).toBe(true);
      stock.states.get(ACTIVITY_ID)!.next = 10;
      expect((await draw.execute(command({ uId: "b" }))).ok).toBe(true);
      expect(ledger.takes.map((t) => t.entry.stockUnit)).toEqual([9, 8]);
      expect(stock.left(ACTIVITY_ID)).toBe(8);
    });

    it("gives the unit back when the database refuses: limit reached", async () => {
      const { draw, stock } = setUp();
      for (let i = 0; i < 3; i++) expect((await draw.execute(command())).ok).toBe(true);
      expect(await draw.execute(command())).toMatchObject({ ok: false, error: { code: "TAKE_LIMIT_REACHED" } });
      expect(stock.left(ACTIVITY_ID)).toBe(7);
      expect((await stock.view(ACTIVITY_ID))?.pending).toBe(0);
    });

    it("gives the unit back when the database says the activity closed meanwhile, and reads it again", async () => {
      const { draw, stock, ledger, reads } = setUp();
      ledger.open = false;
      expect(await draw.execute(command())).toMatchObject({ ok: false, error: { code: "ACTIVITY_NOT_OPEN" } });
      expect(stock.left(ACTIVITY_ID)).toBe(10);
      expect(reads.reloads).toBe(1);
    });

    it("gives the unit back when the write surely failed, and leaves it pending when it may have committed", async () => {
      const { draw, stock, ledger } = setUp();
      ledger.failNext = { error: new DependencyUnavailableError("postgres", "refused", false), afterCommit: false };
      await expect(draw.execute(command({ uId: "a" }))).rejects.toThrow(DependencyUnavailableError);
      expect(await stock.view(ACTIVITY_ID)).toEqual({ next: 9, free: 1, pending: 0 });

      ledger.failNext = { error: new DependencyUnavailableError("postgres", "reset mid-statement", true), afterCommit: true };
      await expect(draw.execute(command({ uId: "b" }))).rejects.toThrow(DependencyUnavailableError);
      // The take committed although no answer came: its unit stays out until the reconciler confirms it.
      expect(ledger.takes).toHaveLength(1);
      expect((await stock.view(ACTIVITY_ID))?.pending).toBe(1);
    });

    it("counts a SINGLE draw on a sold-out award as a loss that consumes the take", async () => {
      const single = Strategy.create({ ...StrategyMother.withRates(StrategyMode.SINGLE, ["1"]), awards: [{ awardId: "1", type: 1, name: "Only", content: "", count: 1, rate: "1" }] });
      if (!single.ok) throw new Error("bad strategy");
      const { draw, ledger } = setUp({ strategy: single.value });
      ledger.surplus.set("1", 0); // sold out in the database, not yet in the cached strategy
      const result = await draw.execute(command());
      expect(result).toMatchObject({ ok: true, value: { result: "LOSE" } });
      expect(ledger.takes).toHaveLength(1);
    });
  });

  describe("with an Idempotency-Key", () => {
    it("answers a retry with the first answer, marked as replayed, and draws once", async () => {
      const { draw, ledger } = setUp();
      const first = await draw.execute(command({ idempotencyKey: "k1" }));
      const again = await draw.execute(command({ idempotencyKey: "k1" }));
      if (!first.ok || !again.ok) throw new Error("refused");
      expect(again.value.takeId).toBe(first.value.takeId);
      expect(again.value.replayed).toBe(true);
      expect(first.value.replayed).toBe(false);
      expect(ledger.takes).toHaveLength(1);
    });

    it("keeps keys of different users apart", async () => {
      const { draw, ledger } = setUp();
      const mine = await draw.execute(command({ uId: "a", idempotencyKey: "same" }));
      const theirs = await draw.execute(command({ uId: "b", idempotencyKey: "same" }));
      if (!mine.ok || !theirs.ok) throw new Error("refused");
      expect(theirs.value.takeId).not.toBe(mine.value.takeId);
      expect(ledger.takes).toHaveLength(2);
    });

    it("refuses the key with another body (IDEMPOTENCY_KEY_REUSED)", async () => {
      const { draw } = setUp();
      await draw.execute(command({ idempotencyKey: "k" }));
      expect(await draw.execute(command({ idempotencyKey: "k", shippingAddress: { city: "Hangzhou" } }))).toMatchObject({
        ok: false,
        error: { code: "IDEMPOTENCY_KEY_REUSED" },
      });
    });

    it("refuses a retry while the first request with the key is still running (IDEMPOTENCY_KEY_IN_USE)", async () => {
      const { draw, ledger } = setUp();
      let finish = () => {};
      ledger.gate = new Promise<void>((resolve) => (finish = resolve));
      const first = draw.execute(command({ idempotencyKey: "running" }));
      await new Promise((resolve) => setImmediate(resolve));
      expect(await draw.execute(command({ idempotencyKey: "running" }))).toMatchObject({ ok: false, error: { code: "IDEMPOTENCY_KEY_IN_USE" } });
      finish();
      expect((await first).ok).toBe(true);
      expect(ledger.takes).toHaveLength(1);
    });

    it("rebuilds the answer from the take when the store forgot the key, and gives the new unit back", async () => {
      const { draw, ledger, idempotency, stock } = setUp();
      const first = await draw.execute(command({ idempotencyKey: "k" }));
      idempotency.forget();
      const again = await draw.execute(command({ idempotencyKey: "k" }));
      if (!first.ok || !again.ok) throw new Error("refused");
      expect(again.value).toMatchObject({ result: first.value.result, takeId: first.value.takeId, replayed: true });
      expect(ledger.takes).toHaveLength(1);
      expect(stock.left(ACTIVITY_ID)).toBe(9);
    });

    it("after a failed draw, frees the key so that the retry draws", async () => {
      const { draw, ledger } = setUp();
      ledger.failNext = { error: new DependencyUnavailableError("postgres", "refused", false), afterCommit: false };
      await expect(draw.execute(command({ idempotencyKey: "k" }))).rejects.toThrow();
      expect((await draw.execute(command({ idempotencyKey: "k" }))).ok).toBe(true);
      expect(ledger.takes).toHaveLength(1);
    });

    it("answers from the take when the key is still claimed by a first request that died after its commit", async () => {
      const { draw, ledger, idempotency } = setUp();
      ledger.failNext = { error: new DependencyUnavailableError("postgres", "reset", true), afterCommit: true };
      await expect(draw.execute(command({ idempotencyKey: "k" }))).rejects.toThrow();
      // The first request's process died there, before it could release its claim: put the claim back.
      idempotency.entries.set("draw:xiaofuge:k", { hash: ledger.takes[0].entry.idempotency!.requestHash });
      const retry = await draw.execute(command({ idempotencyKey: "k" }));
      expect(retry).toMatchObject({ ok: true, value: { takeId: ledger.takes[0].entry.takeId, replayed: true } });
      expect(ledger.takes).toHaveLength(1);
    });

    it("after a commit whose answer was lost, answers the retry from the take and draws nothing more", async () => {
      const { draw, ledger } = setUp();
      ledger.failNext = { error: new DependencyUnavailableError("postgres", "reset", true), afterCommit: true };
      await expect(draw.execute(command({ idempotencyKey: "k" }))).rejects.toThrow();
      const retry = await draw.execute(command({ idempotencyKey: "k" }));
      expect(retry).toMatchObject({ ok: true, value: { takeId: ledger.takes[0].entry.takeId, replayed: true } });
      expect(ledger.takes).toHaveLength(1);
    });
  });
});
