import { systemClock, type Clock } from "../../../src/application/ports/clock.port";
import type {
  CompensationTask,
  CompensationTaskRepository,
  CompensationTaskStatus,
  NewCompensationTask,
} from "../../../src/domain/compensation/compensation-task.repository";
import { OutageSwitch } from "./outage-switch";

const MAX_REASON = 4000;

interface StoredTask extends CompensationTask {
  reason: string;
  updatedAt: Date;
}

/**
 * CompensationTaskRepository in memory, with the PostgreSQL adapter's rules (the contract suite
 * test/contract/compensation-task.contract.ts runs against both): one task per (bizType, bizId),
 * claims in priority then due order, every settle a compare-and-set on PROCESSING, and stale
 * claims measured by `clock` (the database clock in the adapter).
 */
export class InMemoryCompensationTaskRepository implements CompensationTaskRepository {
  private readonly tasks: StoredTask[] = [];
  private nextId = 1n;
  readonly outage = new OutageSwitch();

  constructor(
    private readonly clock: Clock = systemClock,
    private readonly runsElsewhere: readonly string[] = [],
  ) {}

  async record(task: NewCompensationTask): Promise<void> {
    await this.recordMany([task]);
  }

  async recordMany(tasks: readonly NewCompensationTask[]): Promise<void> {
    this.outage.check();
    const now = this.clock.now();
    for (const task of tasks) {
      const reason = task.reason.slice(0, MAX_REASON);
      const stored = this.find(task.bizType, task.bizId);
      if (!stored) {
        this.tasks.push({ id: this.nextId++, bizId: task.bizId, bizType: task.bizType, context: { ...task.context }, status: "WAIT_HANDLE", attempts: 0, priority: 0, lastFailedReason: reason, nextRunAt: now, reason, updatedAt: now });
        continue;
      }
      if (stored.status === "FAILED") {
        // A task that had been given up comes back with its full number of attempts.
        stored.attempts = 0;
        stored.nextRunAt = now;
      }
      if (stored.status !== "SUCCESS" && stored.status !== "PROCESSING") stored.status = "WAIT_HANDLE";
      stored.context = { ...task.context };
      stored.lastFailedReason = reason;
      stored.updatedAt = now;
    }
  }

  async claimDue(limit: number, now?: Date): Promise<CompensationTask[]> {
    this.outage.check();
    if (limit <= 0) return [];
    const at = (now ?? this.clock.now()).getTime();
    const due = this.tasks
      .filter((t) => t.status === "WAIT_HANDLE" && t.nextRunAt.getTime() <= at && !this.runsElsewhere.includes(t.bizType))
      .sort((a, b) => b.priority - a.priority || a.nextRunAt.getTime() - b.nextRunAt.getTime() || Number(a.id - b.id))
      .slice(0, limit);
    for (const task of due) {
      task.status = "PROCESSING";
      task.attempts += 1;
      task.updatedAt = this.clock.now();
    }
    return due.map(copyOf);
  }

  async succeed(id: bigint): Promise<boolean> {
    return this.settle(id, "SUCCESS");
  }

  async retryLater(id: bigint, reason: string, delayMs: number): Promise<boolean> {
    return this.settle(id, "WAIT_HANDLE", reason, new Date(this.clock.now().getTime() + Math.max(0, delayMs)));
  }

  async giveUp(id: bigint, reason: string): Promise<boolean> {
    return this.settle(id, "FAILED", reason);
  }

  async releaseStale(olderThanMs: number): Promise<number> {
    this.outage.check();
    const before = this.clock.now().getTime() - olderThanMs;
    const stale = this.tasks.filter((t) => t.status === "PROCESSING" && t.updatedAt.getTime() < before && !this.runsElsewhere.includes(t.bizType));
    for (const task of stale) {
      task.status = "WAIT_HANDLE";
      task.updatedAt = this.clock.now();
    }
    return stale.length;
  }

  /** The stored task, for intent-revealing asserts. */
  find(bizType: string, bizId: string): StoredTask | undefined {
    return this.tasks.find((t) => t.bizType === bizType && t.bizId === bizId);
  }

  statusOf(bizType: string, bizId: string): CompensationTaskStatus | undefined {
    return this.find(bizType, bizId)?.status;
  }

  private settle(id: bigint, to: CompensationTaskStatus, reason?: string, nextRunAt?: Date): boolean {
    this.outage.check();
    const task = this.tasks.find((t) => t.id === id);
    if (!task || task.status !== "PROCESSING") return false;
    task.status = to;
    if (reason !== undefined) task.lastFailedReason = reason.slice(0, MAX_REASON);
    if (nextRunAt) task.nextRunAt = nextRunAt;
    task.updatedAt = this.clock.now();
    return true;
  }
}

function copyOf(task: StoredTask): CompensationTask {
  const { reason: _reason, updatedAt: _updatedAt, ...rest } = task;
  return { ...rest, context: { ...rest.context } };
}
