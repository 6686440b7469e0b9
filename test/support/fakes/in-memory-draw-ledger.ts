import type { StockLayout, StockRecords } from "../../../src/application/ports/activity-stock.port";
import type { DrawEntry, DrawLedger, LedgerOutcome, RecordedDraw, WonAward } from "../../../src/application/ports/draw-ledger.port";
import { DrawOrder } from "../../../src/domain/award/draw-order.entity";
import type { Strategy } from "../../../src/domain/strategy/strategy.entity";

interface Take {
  entry: DrawEntry;
  ordinal: number;
  takenAt: Date;
  won: WonAward | null;
}

/**
 * DrawLedger and StockRecords in memory, with the PostgreSQL adapter's rules: the state and window
 * are checked, the user's limit holds, a unit is held by one take at most, an Idempotency-Key
 * names one draw of a user, and the first candidate with stock left is won.
 */
export class InMemoryDrawLedger implements DrawLedger, StockRecords {
  readonly takes: Take[] = [];
  readonly surplus = new Map<string, number>();
  readonly storedSurplus = new Map<number, number>();
  open = true;
  /** When set, the next record() fails with it, after writing if `afterCommit` (a lost answer). */
  failNext: { error: Error; afterCommit: boolean } | undefined;

  constructor(
    private readonly stockCount: number,
    strategy: Strategy,
  ) {
    for (const award of strategy.awards) this.surplus.set(award.awardId, award.surplus);
    this.awards = new Map(strategy.awards.map((a) => [a.awardId, { awardId: a.awardId, awardType: a.type, awardName: a.name, awardContent: a.content }]));
  }

  private readonly awards: Map<string, WonAward>;

  /** When set, record() waits for it: a statement still running. */
  gate: Promise<void> | undefined;

  async record(entry: DrawEntry): Promise<LedgerOutcome> {
    await this.gate;
    const failure = this.failNext;
    this.failNext = undefined;
    if (failure && !failure.afterCommit) throw failure.error;
    const outcome = this.write(entry);
    if (failure) throw failure.error;
    return outcome;
  }

  private write(entry: DrawEntry): LedgerOutcome {
    // In the adapter's order: the user's counter is checked before the take meets the unit's unique key.
    if (!this.open) return { kind: "NOT_OPEN" };
    if (entry.stockUnit >= this.stockCount) return { kind: "UNIT_ALREADY_USED" };
    const mine = this.takes.filter((t) => t.entry.uId === entry.uId);
    if (mine.length >= entry.takeLimit) return { kind: "TAKE_LIMIT_REACHED" };
    if (this.takes.some((t) => t.entry.stockUnit === entry.stockUnit)) return { kind: "UNIT_ALREADY_USED" };
    if (entry.idempotency && mine.some((t) => t.entry.idempotency?.key === entry.idempotency?.key)) return { kind: "IDEMPOTENCY_KEY_USED" };
    const awardId = entry.candidates.find((id) => (this.surplus.get(id) ?? 0) > 0);
    if (awardId !== undefined) this.surplus.set(awardId, (this.surplus.get(awardId) as number) - 1);
    const take: Take = { entry, ordinal: mine.length + 1, takenAt: new Date(), won: awardId === undefined ? null : (this.awards.get(awardId) as WonAward) };
    this.takes.push(take);
    return { kind: "RECORDED", ordinal: take.ordinal, takenAt: take.takenAt, won: take.won };
  }

  async findByIdempotencyKey(uId: string, key: string): Promise<RecordedDraw | null> {
    const take = this.takes.find((t) => t.entry.uId === uId && t.entry.idempotency?.key === key);
    if (!take) return null;
    const e = take.entry;
    const order = take.won
      ? DrawOrder.win(
          { orderId: e.orderId, uId, activityId: e.activityId, strategyId: e.strategyId, strategyMode: e.strategyMode, grantType: e.grantType, ...take.won, takeId: e.takeId, shippingAddress: e.shippingAddress },
          take.takenAt,
        )
      : null;
    return { takeId: e.takeId, requestHash: e.idempotency?.requestHash ?? null, order };
  }

  async layout(): Promise<StockLayout> {
    const held = this.takes.map((t) => t.entry.stockUnit).sort((a, b) => a - b);
    if (held.length === 0) return { next: this.stockCount, holes: [] };
    const holes: number[] = [];
    for (let unit = held[0] + 1; unit < this.stockCount; unit++) if (!held.includes(unit)) holes.push(unit);
    return { next: held[0], holes };
  }

  async heldUnits(_activityId: number, units: number[]): Promise<number[]> {
    return units.filter((unit) => this.takes.some((t) => t.entry.stockUnit === unit));
  }

  async heldUnitsBelow(_activityId: number, below: number, limit: number): Promise<number[]> {
    return this.takes
      .map((t) => t.entry.stockUnit)
      .filter((unit) => unit < below)
      .sort((a, b) => b - a)
      .slice(0, limit);
  }

  async storeSurplus(activityId: number, surplus: number): Promise<void> {
    this.storedSurplus.set(activityId, surplus);
  }
}
