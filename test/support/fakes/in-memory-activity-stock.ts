import type { ActivityStock, PendingUnit, StockLayout, StockView } from "../../../src/application/ports/activity-stock.port";

/** ActivityStock in memory, with the Redis adapter's semantics (units from the top, free units first). */
export class InMemoryActivityStock implements ActivityStock {
  readonly states = new Map<number, { next: number; free: number[]; pending: Map<bigint, { unit: number; at: number }> }>();
  /** When set, the next call fails with it (an outage). */
  failNext: Error | undefined;
  now = () => Date.now();

  async take(activityId: number, takeId: bigint, layout: () => Promise<StockLayout>): Promise<number | null> {
    this.maybeFail();
    let state = this.states.get(activityId);
    if (!state) {
      const start = await layout();
      state = this.states.get(activityId) ?? { next: start.next, free: [...start.holes], pending: new Map() };
      this.states.set(activityId, state);
    }
    const held = state.pending.get(takeId);
    if (held) return held.unit;
    let unit = state.free.shift();
    if (unit === undefined) {
      if (state.next <= 0) return null;
      unit = --state.next;
    }
    state.pending.set(takeId, { unit, at: this.now() });
    return unit;
  }

  async confirm(activityId: number, takeId: bigint): Promise<void> {
    this.maybeFail();
    this.states.get(activityId)?.pending.delete(takeId);
  }

  async giveBack(activityId: number, takeId: bigint, unit: number): Promise<void> {
    this.maybeFail();
    const state = this.states.get(activityId);
    if (state?.pending.get(takeId)?.unit !== unit) return;
    state.pending.delete(takeId);
    state.free.push(unit);
  }

  async discard(activityId: number, takeId: bigint): Promise<void> {
    await this.confirm(activityId, takeId);
  }

  async trackedActivities(): Promise<number[]> {
    return [...this.states.keys()];
  }

  async view(activityId: number): Promise<StockView | null> {
    this.maybeFail();
    const state = this.states.get(activityId);
    return state ? { next: state.next, free: state.free.length, pending: state.pending.size } : null;
  }

  async freeUnits(activityId: number): Promise<number[]> {
    return [...(this.states.get(activityId)?.free ?? [])];
  }

  async pending(activityId: number): Promise<PendingUnit[]> {
    const state = this.states.get(activityId);
    return [...(state?.pending ?? new Map()).entries()].map(([takeId, { unit, at }]) => ({ takeId, unit, ageMs: this.now() - at }));
  }

  async exclude(activityId: number, used: number[]): Promise<void> {
    const state = this.states.get(activityId);
    if (!state) return;
    const usedSet = new Set(used);
    let lowest = state.next;
    for (const unit of used) {
      const at = state.free.indexOf(unit);
      if (at >= 0) state.free.splice(at, 1);
      else if (unit < lowest) lowest = unit;
    }
    for (let unit = lowest; unit < state.next; unit++) if (!usedSet.has(unit)) state.free.push(unit);
    state.next = lowest;
  }

  /** Units left to hand out: what live + committed = stock is checked against. */
  left(activityId: number): number {
    const state = this.states.get(activityId);
    return state ? state.next + state.free.length : NaN;
  }

  private maybeFail(): void {
    const error = this.failNext;
    this.failNext = undefined;
    if (error) throw error;
  }
}
