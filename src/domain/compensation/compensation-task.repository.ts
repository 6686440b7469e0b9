/** Business types of compensation tasks (after seeds/000_*); each has its handler. */
export const REGRANT_ORDER = "REGRANT_ORDER";

export interface NewCompensationTask {
  bizType: string;
  bizId: string;
  context: Record<string, unknown>;
  reason: string;
}

export interface CompensationTaskRepository {
  /**
   * Records a task to handle later; recording the same (bizType, bizId) again keeps one task,
   * waiting again, with the newest reason.
   */
  record(task: NewCompensationTask): Promise<void>;
}
