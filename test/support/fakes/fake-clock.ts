import type { Clock } from "../../../src/application/ports/clock.port";

/** A Clock that stands still until a test moves it, so time-dependent rules are tested without waiting. */
export class FakeClock implements Clock {
  private current: number;

  constructor(start: Date = new Date("2026-12-01T00:00:00Z")) {
    this.current = start.getTime();
  }

  now(): Date {
    return new Date(this.current);
  }

  advance(ms: number): this {
    this.current += ms;
    return this;
  }

  set(at: Date): this {
    this.current = at.getTime();
    return this;
  }
}
