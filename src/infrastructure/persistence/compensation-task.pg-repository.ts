import type { Pool } from "pg";
import type { CompensationTaskRepository, NewCompensationTask } from "../../domain/compensation/compensation-task.repository";

export class PgCompensationTaskRepository implements CompensationTaskRepository {
  constructor(private readonly pool: Pool) {}

  async record(task: NewCompensationTask): Promise<void> {
    await this.pool.query(
      `INSERT INTO compensate_task (biz_id, biz_type, context, status, last_failed_reason, next_run_at, updated_at)
       VALUES ($1, $2, $3::jsonb, 'WAIT_HANDLE', $4, now(), now())
       ON CONFLICT (biz_type, biz_id) DO UPDATE
         SET status = CASE WHEN compensate_task.status = 'SUCCESS' THEN 'SUCCESS' ELSE 'WAIT_HANDLE' END,
             context = EXCLUDED.context, last_failed_reason = EXCLUDED.last_failed_reason, updated_at = now()`,
      [task.bizId, task.bizType, JSON.stringify(task.context), task.reason.slice(0, 4000)],
    );
  }
}
