import type { DependencyName, DependencyProbe } from "../../../src/application/ports/dependency-probe.port";

/** A DependencyProbe a test switches: up, down with a reason, or hanging (it never answers). */
export class FakeDependencyProbe implements DependencyProbe {
  private state: { kind: "up" } | { kind: "down"; reason: string } | { kind: "hanging" } = { kind: "up" };

  constructor(readonly name: DependencyName) {}

  up(): this {
    this.state = { kind: "up" };
    return this;
  }
  down(reason: string): this {
    this.state = { kind: "down", reason };
    return this;
  }
  hang(): this {
    this.state = { kind: "hanging" };
    return this;
  }

  async check(): Promise<void> {
    const state = this.state;
    if (state.kind === "down") throw new Error(state.reason);
    if (state.kind === "hanging") await new Promise<never>(() => undefined);
  }
}
