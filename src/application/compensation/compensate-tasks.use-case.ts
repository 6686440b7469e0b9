import type { CompensationTask, CompensationTaskRepository } from "../../domain/compensation/compensation-task.repository";
import type { Logger } from "../ports/logger.port";
import type { CompensationTaskHandler } from "./compensation-task-handler";

export interface CompensateTasksSettings {
  /** Tasks claimed per run. */
  batchSize: number;
  /** A task failing its attempt number `maxAttempts` is given up (FAILED). */
  maxAttempts: number;
  /** Wait before the next attempt, times the attempts so far (linear back-off). */
  retryDelayMs: number;
  /** A task PROCESSING for longer than this lost its worker and is put back to wait. */
  staleAfterMs: number;
}

export interface CompensateTasksResult {
  succeeded: number;
  retried: number;
  gaveUp: number;
}

/**
 * The compensation task job (seeds/000's CompensateBizWaitHandleJob): claims a batch of due
 * tasks and hands each to the handler of its biz_type. A handler that throws has its task tried
 * again later, until the attempts run out and the task is given up with the reason kept. Safe in
 * any number of workers at once: claims are compare-and-sets that skip rows being claimed.
 */
export class CompensateTasksUseCase {
  private readonly handlers: ReadonlyMap<string, CompensationTaskHandler>;

  constructor(
    private readonly tasks: CompensationTaskRepository,
    handlers: readonly CompensationTaskHandler[],
    private readonly settings: CompensateTasksSettings,
    private readonly log: Logger,
  ) {
    checkSettings(settings);
    const byType = new Map<string, CompensationTaskHandler>();
    for (const handler of handlers) {
      if (byType.has(handler.bizType)) throw new Error(`two compensation task handlers for biz_type ${handler.bizType}`);
      byType.set(handler.bizType, handler);
    }
    this.handlers = byType;
  }

  async execute(): Promise<CompensateTasksResult> {
    const released = await this.tasks.releaseStale(this.settings.staleAfterMs);
    if (released > 0) this.log.warn({ released, staleAfterMs: this.settings.staleAfterMs }, "compensation tasks left PROCESSING by a stopped worker put back to wait");

    const result: CompensateTasksResult = { succeeded: 0, retried: 0, gaveUp: 0 };
    const claimed = await this.tasks.claimDue(this.settings.batchSize);
    // One at a time: a batch is small, and a handler that hammers a failing downstream
    // should not do so ten times over.
    for (const task of claimed) {
      const outcome = await this.handleOne(task);
      if (outcome) result[outcome] += 1;
    }
    if (claimed.length > 0) this.log.info({ claimed: claimed.length, ...result }, "compensation tasks handled");
    return result;
  }

  /** What became of the task, or undefined when it was no longer ours to settle. */
  private async handleOne(task: CompensationTask): Promise<keyof CompensateTasksResult | undefined> {
    const fields = { taskId: task.id.toString(), bizType: task.bizType, bizId: task.bizId, attempt: task.attempts };
    const handler = this.handlers.get(task.bizType);
    if (!handler) {
      const reason = `no handler for biz_type ${task.bizType}`;
      this.log.error({ ...fields, reason }, "compensation task given up: nothing can handle it");
      return this.settled(task, "gaveUp", await this.tasks.giveUp(task.id, reason));
    }

    try {
      await handler.handle(task);
    } catch (error) {
      const reason = reasonOf(error);
      if (task.attempts >= this.settings.maxAttempts) {
        this.log.error({ ...fields, reason, maxAttempts: this.settings.maxAttempts }, "compensation task given up: attempts ran out");
        return this.settled(task, "gaveUp", await this.tasks.giveUp(task.id, reason));
      }
      const delayMs = this.settings.retryDelayMs * task.attempts;
      this.log.warn({ ...fields, reason, delayMs }, "compensation task failed; trying again later");
      return this.settled(task, "retried", await this.tasks.retryLater(task.id, reason, delayMs));
    }
    return this.settled(task, "succeeded", await this.tasks.succeed(task.id));
  }

  /** `outcome` when the task moved, undefined when it was no longer PROCESSING for us. */
  private settled(task: CompensationTask, outcome: keyof CompensateTasksResult, moved: boolean): keyof CompensateTasksResult | undefined {
    if (moved) return outcome;
    // Released as stale while its handler ran (the handling took longer than staleAfterMs):
    // another claim settles it, and the handler's idempotence absorbs the repeat.
    this.log.warn({ taskId: task.id.toString(), bizType: task.bizType, staleAfterMs: this.settings.staleAfterMs }, "compensation task was released before it was settled");
    return undefined;
  }
}

function reasonOf(error: unknown): string {
  if (error instanceof Error) return error.message || error.name;
  return String(error);
}

function checkSettings(settings: CompensateTasksSettings): void {
  const { batchSize, maxAttempts, retryDelayMs, staleAfterMs } = settings;
  if (!Number.isInteger(batchSize) || batchSize < 1) throw new Error(`compensation batchSize must be a positive integer, got ${batchSize}`);
  if (!Number.isInteger(maxAttempts) || maxAttempts < 1) throw new Error(`compensation maxAttempts must be a positive integer, got ${maxAttempts}`);
  if (!Number.isFinite(retryDelayMs) || retryDelayMs < 0) throw new Error(`compensation retryDelayMs must be 0 or more, got ${retryDelayMs}`);
  if (!Number.isFinite(staleAfterMs) || staleAfterMs <= 0) throw new Error(`compensation staleAfterMs must be positive, got ${staleAfterMs}`);
}
