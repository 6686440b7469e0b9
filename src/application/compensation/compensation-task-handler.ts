import type { CompensationTask } from "../../domain/compensation/compensation-task.repository";

/**
 * Does the work of one biz_type (seeds/000's CompensateBizService): resolves when the task is
 * done, throws when it failed (the message becomes the task's last_failed_reason). A task can be
 * handled more than once (a worker that stopped mid-task leaves it to another), so handling must
 * be idempotent.
 */
export interface CompensationTaskHandler {
  readonly bizType: string;
  handle(task: CompensationTask): Promise<void>;
}
