import { AwardType } from "../../../../src/domain/award/award-type";
import { StrategyMode } from "../../../../src/domain/strategy/strategy-mode";
import { GrantType, Strategy } from "../../../../src/domain/strategy/strategy.entity";
import { RecordingLogger } from "../../../support/fakes/recording-logger";
import { command, setUp } from "./draw-fixture";

/** One award line that always wins while it has stock, or never (surplus 0): draws whose outcome a test knows. */
function single(surplus: number): Strategy {
  const created = Strategy.create({
    strategyId: 10001,
    mode: StrategyMode.SINGLE,
    grantType: GrantType.IMMEDIATE,
    awards: [{ awardId: "1", type: AwardType.DESC, name: "Only", content: "the only prize", count: 10, surplus, rate: "1" }],
  });
  if (!created.ok) throw new Error(created.error.message);
  return created.value;
}

describe("DrawUseCase, the rarer branches", () => {
  describe("answers kept under an Idempotency-Key", () => {
    it("answers a retry of a win with the same order, rebuilt from the store", async () => {
      const { draw, ledger } = setUp({ strategy: single(10) });
      const first = await draw.execute(command({ idempotencyKey: "k" }));
      const again = await draw.execute(command({ idempotencyKey: "k" }));
      if (!first.ok || !again.ok || first.value.result !== "WIN" || again.value.result !== "WIN") throw new Error("expected two wins");
      expect(again.value.order.toProps()).toEqual(first.value.order.toProps());
      expect(ledger.takes).toHaveLength(1);
    });

    it("answers a retry of a loss as the same loss, from the store and from the take once the store forgot", async () => {
      const { draw, idempotency, ledger } = setUp({ strategy: single(0) });
      const first = await draw.execute(command({ idempotencyKey: "k" }));
      expect(first).toMatchObject({ ok: true, value: { result: "LOSE", replayed: false } });
      const fromStore = await draw.execute(command({ idempotencyKey: "k" }));
      idempotency.forget();
      const fromTake = await draw.execute(command({ idempotencyKey: "k" }));
      for (const again of [fromStore, fromTake]) expect(again).toEqual({ ok: true, value: { result: "LOSE", takeId: first.ok && first.value.takeId, replayed: true } });
      expect(ledger.takes).toHaveLength(1);
    });

    it("answers a retry of a refusal with the same refusal, without drawing", async () => {
      const { draw, ledger } = setUp({ stockCount: 10 });
      for (let n = 0; n < 3; n++) await draw.execute(command());
      const refused = await draw.execute(command({ idempotencyKey: "k" }));
      expect(refused).toMatchObject({ ok: false, error: { code: "TAKE_LIMIT_REACHED" } });
      expect(await draw.execute(command({ idempotencyKey: "k" }))).toEqual(refused);
      expect(ledger.takes).toHaveLength(3);
    });

    it("treats the same address with its fields in another order as the same request", async () => {
      const { draw } = setUp();
      await draw.execute(command({ idempotencyKey: "k", shippingAddress: { city: "Hangzhou", line1: "1 West Lake Road" } }));
      const again = await draw.execute(command({ idempotencyKey: "k", shippingAddress: { line1: "1 West Lake Road", city: "Hangzhou" } }));
      expect(again).toMatchObject({ ok: true, value: { replayed: true } });
    });

    it("refuses another body with the key once the store forgot it (the take row says so), and frees the claim", async () => {
      const { draw, idempotency, ledger } = setUp();
      await draw.execute(command({ idempotencyKey: "k" }));
      idempotency.forget();
      const other = await draw.execute(command({ idempotencyKey: "k", shippingAddress: { city: "Shanghai" } }));
      expect(other).toMatchObject({ ok: false, error: { code: "IDEMPOTENCY_KEY_REUSED" } });
      expect(idempotency.entries.has("draw:xiaofuge:k")).toBe(false);
      expect(ledger.takes).toHaveLength(1);
    });

    it("still answers when the store cannot remember the answer, and says so in the log", async () => {
      const log = new RecordingLogger();
      const { draw, idempotency } = setUp({ log });
      idempotency.remember = () => Promise.reject(new Error("redis away"));
      expect((await draw.execute(command({ idempotencyKey: "k" }))).ok).toBe(true);
      expect(log.lines).toContainEqual({ level: "warn", fields: { uId: "xiaofuge", err: "redis away" }, message: "could not remember an idempotent answer" });
    });

    it("throws the draw's own error when freeing the claim fails too", async () => {
      const { draw, idempotency, ledger } = setUp();
      ledger.failNext = { error: new Error("statement refused"), afterCommit: false };
      idempotency.release = () => Promise.reject(new Error("redis away"));
      await expect(draw.execute(command({ idempotencyKey: "k" }))).rejects.toThrow("statement refused");
    });

    it("throws when the database refuses the key as used but no take records it (a broken invariant)", async () => {
      const { draw, ledger } = setUp();
      ledger.record = async () => ({ kind: "IDEMPOTENCY_KEY_USED" });
      await expect(draw.execute(command({ idempotencyKey: "k" }))).rejects.toThrow("user xiaofuge: the Idempotency-Key was refused as used, but no take records it");
    });
  });

  describe("broken invariants and lost side calls", () => {
    it("throws when the activity's strategy is missing", async () => {
      const { draw, reads } = setUp();
      reads.findStrategy = async () => null;
      await expect(draw.execute(command())).rejects.toThrow("activity 100001 refers to missing strategy 10001");
    });

    it("throws, naming the reconciler, when every unit it takes is held already", async () => {
      const { draw, ledger, stock } = setUp({ stockCount: 100 });
      ledger.record = async () => ({ kind: "UNIT_ALREADY_USED" });
      await expect(draw.execute(command())).rejects.toThrow(/stock units in a row were held already; is the live stock reconciler running\?/);
      expect((await stock.view(100001))?.pending).toBe(0);
    });

    it("answers a refusal even when the unit cannot be given back (the reconciler frees it later)", async () => {
      const { draw, stock } = setUp();
      for (let n = 0; n < 3; n++) await draw.execute(command());
      stock.giveBack = () => Promise.reject(new Error("redis away"));
      expect(await draw.execute(command())).toMatchObject({ ok: false, error: { code: "TAKE_LIMIT_REACHED" } });
    });

    it("answers a recorded draw even when its unit cannot be confirmed (the reconciler confirms it from the take)", async () => {
      const { draw, stock, ledger } = setUp();
      stock.confirm = () => Promise.reject(new Error("redis away"));
      expect((await draw.execute(command())).ok).toBe(true);
      expect(ledger.takes).toHaveLength(1);
    });

    it("throws the database's error even when the unit cannot be given back after it", async () => {
      const { draw, stock, ledger } = setUp();
      ledger.failNext = { error: new Error("statement refused"), afterCommit: false };
      stock.giveBack = () => Promise.reject(new Error("redis away"));
      await expect(draw.execute(command())).rejects.toThrow("statement refused");
    });
  });
});
