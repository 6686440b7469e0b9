/** Business types of compensation tasks (after seeds/000_*); each has its handler. */
export const REGRANT_ORDER = "REGRANT_ORDER";
/** A slice of a bulk grant campaign's recipients, ordered and sent by the campaign runner. */
export const CAMPAIGN_CHUNK = "CAMPAIGN_CHUNK";

export type CompensationTaskStatus = "WAIT_HANDLE" | "PROCESSING" | "SUCCESS" | "FAILED";

export interface NewCompensationTask {
  bizType: string;
  bizId: string;
  context: Record<string, unknown>;
  reason: string;
}

/** A task as a worker claimed it. */
export interface CompensationTask {
  id: bigint;
  bizId: string;
  bizType: string;
  context: Record<string, unknown>;
  status: CompensationTaskStatus;
  /** Claims so far, this one included (the `cnt` column). */
  attempts: number;
  priority: number;
  lastFailedReason: string | null;
  nextRunAt: Date;
}

/**
 * Tasks move WAIT_HANDLE → PROCESSING (claimDue) → SUCCESS | WAIT_HANDLE (retryLater) | FAILED.
 * Every move is a compare-and-set on the status, so several workers may run at once: a task is
 * claimed by one of them, and only the claim that holds it can settle it.
 */
export interface CompensationTaskRepository {
  /**
   * Records a task to handle later; recording the same (bizType, bizId) again keeps one task,
   * waiting again, with the newest reason.
   */
  record(task: NewCompensationTask): Promise<void>;
  /** `record` for many tasks in one statement. */
  recordMany(tasks: readonly NewCompensationTask[]): Promise<void>;
  /**
   * Claims up to `limit` waiting tasks that are due (next_run_at <= `now`, the database clock
   * unless given), highest priority first, then longest due: each becomes PROCESSING and its
   * attempts grow by one. Tasks another worker is claiming at the same moment are skipped.
   */
  claimDue(limit: number, now?: Date): Promise<CompensationTask[]>;
  /** PROCESSING → SUCCESS. False when the task was no longer PROCESSING (released meanwhile). */
  succeed(id: bigint): Promise<boolean>;
  /** PROCESSING → WAIT_HANDLE, due again `delayMs` from now, with the reason kept. */
  retryLater(id: bigint, reason: string, delayMs: number): Promise<boolean>;
  /** PROCESSING → FAILED for good, with the reason kept for an operator. */
  giveUp(id: bigint, reason: string): Promise<boolean>;
  /**
   * Puts back to WAIT_HANDLE the tasks left PROCESSING for longer than `olderThanMs` (their
   * worker stopped mid-task); returns how many.
   */
  releaseStale(olderThanMs: number): Promise<number>;
}
