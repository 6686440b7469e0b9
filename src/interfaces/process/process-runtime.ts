import type { Logger } from "pino";
import type { Lifecycle } from "../../shared/lifecycle";

/**
 * Starts a role's parts in order and stops them in reverse: the HTTP server and consumers
 * close before the producer flushes and the pools close, so nothing in flight loses its
 * connection. Stopping is bounded so an orchestrator's SIGKILL never has to come.
 */
export class ProcessRuntime {
  private readonly started: Lifecycle[] = [];
  private stopping: Promise<boolean> | undefined;

  constructor(
    private readonly parts: readonly Lifecycle[],
    private readonly log: Logger,
    private readonly shutdownTimeoutMs: number,
  ) {}

  async start(): Promise<void> {
    for (const part of this.parts) {
      await part.start();
      this.started.push(part);
      this.log.debug({ part: part.name }, "started");
    }
  }

  /** Resolves true when every part stopped within the bound, false otherwise. Safe to call twice. */
  stop(): Promise<boolean> {
    this.stopping ??= this.stopAll();
    return this.stopping;
  }

  private async stopAll(): Promise<boolean> {
    const deadline = Date.now() + this.shutdownTimeoutMs;
    let clean = true;
    for (const part of [...this.started].reverse()) {
      const left = deadline - Date.now();
      if (left <= 0) {
        this.log.error({ part: part.name }, "shutdown bound reached before this part stopped");
        clean = false;
        continue;
      }
      try {
        await stopWithin(part, left);
        this.log.debug({ part: part.name }, "stopped");
      } catch (error) {
        clean = false;
        this.log.error({ part: part.name, err: (error as Error).message }, "part did not stop cleanly");
      }
    }
    return clean;
  }
}

function stopWithin(part: Lifecycle, ms: number): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  return Promise.race([
    part.stop(),
    new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`${part.name} did not stop within ${ms} ms`)), ms);
    }),
  ]).finally(() => clearTimeout(timer));
}
