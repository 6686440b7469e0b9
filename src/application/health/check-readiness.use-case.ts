import type { DependencyName, DependencyProbe } from "../ports/dependency-probe.port";

export type DependencyStatus = { status: "up" } | { status: "down"; reason: string };

export interface ReadinessReport {
  ready: boolean;
  dependencies: Partial<Record<DependencyName, DependencyStatus>>;
  failing: DependencyName[];
}

/**
 * Asks every dependency at once and waits at most `timeoutMs`, so a hung dependency turns
 * readiness to "down" instead of hanging the probe that an orchestrator is waiting on.
 */
export class CheckReadinessUseCase {
  constructor(
    private readonly probes: readonly DependencyProbe[],
    private readonly timeoutMs: number,
  ) {}

  async execute(): Promise<ReadinessReport> {
    const results = await Promise.all(this.probes.map((probe) => this.ask(probe)));
    const dependencies: ReadinessReport["dependencies"] = {};
    const failing: DependencyName[] = [];
    this.probes.forEach((probe, index) => {
      dependencies[probe.name] = results[index];
      if (results[index].status === "down") failing.push(probe.name);
    });
    return { ready: failing.length === 0, dependencies, failing };
  }

  private async ask(probe: DependencyProbe): Promise<DependencyStatus> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`no answer within ${this.timeoutMs} ms`)), this.timeoutMs);
    });
    try {
      await Promise.race([probe.check(), timeout]);
      return { status: "up" };
    } catch (error) {
      return { status: "down", reason: error instanceof Error ? error.message : String(error) };
    } finally {
      clearTimeout(timer);
    }
  }
}
