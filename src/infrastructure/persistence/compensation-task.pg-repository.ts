import type { Queryable } from "./queryable";
import type {
  CompensationTask,
  CompensationTaskRepository,
  CompensationTaskStatus,
  NewCompensationTask,
} from "../../domain/compensation/compensation-task.repository";

// The reason column is TEXT; a bound keeps one runaway error message from bloating the table.
const MAX_REASON = 4000;

// The due tasks are picked in a materialized CTE so that the LIMIT applies once: a subquery
// under IN may be re-run by the planner and lock more rows than asked. SKIP LOCKED lets a
// second worker take the next tasks instead of waiting; the status check on the UPDATE is the
// compare-and-set that makes a claim exclusive even if a row changed after it was picked.
const CLAIM_DUE = `
  WITH due AS MATERIALIZED (
    SELECT id FROM compensate_task
    WHERE status = 'WAIT_HANDLE' AND next_run_at <= COALESCE($2::timestamptz, now()) AND NOT (biz_type = ANY($3::varchar[]))
    ORDER BY priority DESC, next_run_at, id
    LIMIT $1
    FOR UPDATE SKIP LOCKED
  )
  UPDATE compensate_task SET status = 'PROCESSING', cnt = cnt + 1, updated_at = now()
  WHERE id IN (SELECT id FROM due) AND status = 'WAIT_HANDLE'
  RETURNING id::text, biz_id, biz_type, context, status, cnt, priority, last_failed_reason, next_run_at`;

interface TaskRow {
  id: string;
  biz_id: string;
  biz_type: string;
  context: Record<string, unknown> | null;
  status: CompensationTaskStatus;
  cnt: number;
  priority: number;
  last_failed_reason: string | null;
  next_run_at: Date;
}

export class PgCompensationTaskRepository implements CompensationTaskRepository {
  /**
   * `runsElsewhere`: biz types whose tasks a runner of their own claims and settles (campaign
   * chunks, with their own lease): this repository neither claims nor releases them.
   */
  constructor(
    private readonly pool: Queryable,
    private readonly runsElsewhere: readonly string[] = [],
  ) {}

  async record(task: NewCompensationTask): Promise<void> {
    await this.recordMany([task]);
  }

  async recordMany(tasks: readonly NewCompensationTask[]): Promise<void> {
    // One row per (bizType, bizId): ON CONFLICT cannot update a row twice in one statement.
    const unique = [...new Map(tasks.map((task) => [`${task.bizType}\u0000${task.bizId}`, task])).values()];
    if (unique.length === 0) return;
    await this.pool.query(
      `INSERT INTO compensate_task (biz_id, biz_type, context, status, last_failed_reason, next_run_at, updated_at)
       SELECT b, t, c, 'WAIT_HANDLE', r, now(), now() FROM unnest($1::varchar[], $2::varchar[], $3::jsonb[], $4::text[]) AS x(b, t, c, r)
       ON CONFLICT (biz_type, biz_id) DO UPDATE
         SET status = CASE WHEN compensate_task.status IN ('SUCCESS', 'PROCESSING') THEN compensate_task.status ELSE 'WAIT_HANDLE' END,
             -- A task that had been given up comes back with its full number of attempts.
             cnt = CASE WHEN compensate_task.status = 'FAILED' THEN 0 ELSE compensate_task.cnt END,
             next_run_at = CASE WHEN compensate_task.status = 'FAILED' THEN now() ELSE compensate_task.next_run_at END,
             context = EXCLUDED.context, last_failed_reason = EXCLUDED.last_failed_reason, updated_at = now()`,
      [unique.map((t) => t.bizId), unique.map((t) => t.bizType), unique.map((t) => JSON.stringify(t.context)), unique.map((t) => t.reason.slice(0, MAX_REASON))],
    );
  }

  async claimDue(limit: number, now?: Date): Promise<CompensationTask[]> {
    if (limit <= 0) return [];
    const { rows } = await this.pool.query<TaskRow>(CLAIM_DUE, [limit, now ?? null, this.runsElsewhere]);
    // RETURNING follows no order; hand the tasks back in the order they were picked.
    return rows.map(taskFromRow).sort(byPriorityThenDue);
  }

  async succeed(id: bigint): Promise<boolean> {
    const { rowCount } = await this.pool.query(
      "UPDATE compensate_task SET status = 'SUCCESS', updated_at = now() WHERE id = $1 AND status = 'PROCESSING'",
      [id.toString()],
    );
    return rowCount === 1;
  }

  async retryLater(id: bigint, reason: string, delayMs: number): Promise<boolean> {
    const { rowCount } = await this.pool.query(
      `UPDATE compensate_task
       SET status = 'WAIT_HANDLE', last_failed_reason = $2, next_run_at = now() + $3 * interval '1 millisecond', updated_at = now()
       WHERE id = $1 AND status = 'PROCESSING'`,
      [id.toString(), reason.slice(0, MAX_REASON), Math.max(0, delayMs)],
    );
    return rowCount === 1;
  }

  async giveUp(id: bigint, reason: string): Promise<boolean> {
    const { rowCount } = await this.pool.query(
      "UPDATE compensate_task SET status = 'FAILED', last_failed_reason = $2, updated_at = now() WHERE id = $1 AND status = 'PROCESSING'",
      [id.toString(), reason.slice(0, MAX_REASON)],
    );
    return rowCount === 1;
  }

  async releaseStale(olderThanMs: number): Promise<number> {
    // last_failed_reason is left as it was: the worker that stopped wrote no reason, and the
    // one from the attempt before is still the best clue an operator has.
    const { rowCount } = await this.pool.query(
      `UPDATE compensate_task SET status = 'WAIT_HANDLE', updated_at = now()
       WHERE status = 'PROCESSING' AND updated_at < now() - $1 * interval '1 millisecond' AND NOT (biz_type = ANY($2::varchar[]))`,
      [olderThanMs, this.runsElsewhere],
    );
    return rowCount ?? 0;
  }
}

function taskFromRow(row: TaskRow): CompensationTask {
  return {
    id: BigInt(row.id),
    bizId: row.biz_id,
    bizType: row.biz_type,
    context: row.context ?? {},
    status: row.status,
    attempts: row.cnt,
    priority: row.priority,
    lastFailedReason: row.last_failed_reason,
    nextRunAt: row.next_run_at,
  };
}

function byPriorityThenDue(a: CompensationTask, b: CompensationTask): number {
  return b.priority - a.priority || a.nextRunAt.getTime() - b.nextRunAt.getTime() || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
}
