import type { Pool } from "pg";
import type { DrawEntry } from "../../../../src/application/ports/draw-ledger.port";
import { StrategyMode } from "../../../../src/domain/strategy/strategy-mode";
import { GrantType } from "../../../../src/domain/strategy/strategy.entity";
import { CONFLICT_ATTEMPTS, PgDrawLedger } from "../../../../src/infrastructure/persistence/draw-ledger.pg-repository";
import { DependencyUnavailableError } from "../../../../src/shared/errors";

// The adapter's retry of a draw rolled back as a conflict (a deadlock, or a draw that passed over
// a busy stock slot). The statement itself is tested against PostgreSQL (draw-ledger contract,
// award-stock-slots).
const DEADLOCK = Object.assign(new Error("deadlock detected"), { code: "40P01", severity: "ERROR" });
const RECORDED_ROW = { open: true, stock_count: 10, ordinal: 1, taken_at: new Date(), award_id: null, award_type: null, award_name: null, award_content: null };

/** A pool whose statements fail with `failures` in turn, then answer RECORDED_ROW. */
function scriptedPool(failures: Error[]): { pool: Pool; statements: () => number } {
  let sent = 0;
  const client = {
    query: async () => {
      const failure = failures[sent++];
      if (failure) throw failure;
      return { rows: [RECORDED_ROW] };
    },
    release: () => undefined,
  };
  return { pool: { connect: async () => client } as unknown as Pool, statements: () => sent };
}

const entry: DrawEntry = {
  takeId: 1n,
  orderId: 2n,
  uId: "u-1",
  activityId: 100001,
  activityName: "retry",
  strategyId: 10001,
  strategyMode: StrategyMode.SINGLE,
  grantType: GrantType.IMMEDIATE,
  takeLimit: 1,
  stockUnit: 3,
  candidates: ["1"],
  shippingAddress: null,
  idempotency: null,
};

describe("PgDrawLedger under conflicts", () => {
  it("runs a draw PostgreSQL rolled back to break a deadlock again", async () => {
    const { pool, statements } = scriptedPool([DEADLOCK, DEADLOCK]);
    expect(await new PgDrawLedger(pool).record(entry)).toMatchObject({ kind: "RECORDED", ordinal: 1, won: null });
    expect(statements()).toBe(3);
  });

  it("gives up after CONFLICT_ATTEMPTS runs with a 503-kind error that nothing was written", async () => {
    const busy = Object.assign(new Error("draw passed over a stock slot held by another draw"), { code: "40001", severity: "ERROR" });
    const { pool, statements } = scriptedPool(Array.from({ length: CONFLICT_ATTEMPTS }, () => busy));
    const failure = await new PgDrawLedger(pool).record(entry).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(DependencyUnavailableError);
    expect(failure).toMatchObject({ dependency: "postgres", outcomeUnknown: false, cause: busy });
    expect(statements()).toBe(CONFLICT_ATTEMPTS);
  });

  it("does not run a draw again for any other error", async () => {
    const refused = Object.assign(new Error("check constraint"), { code: "23514", severity: "ERROR" });
    const { pool, statements } = scriptedPool([refused]);
    await expect(new PgDrawLedger(pool).record(entry)).rejects.toBe(refused);
    expect(statements()).toBe(1);
  });
});
