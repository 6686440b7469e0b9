import type { Pool } from "pg";
import type { CampaignGrants } from "../../application/campaign/campaign-grants.port";
import type { DrawOrder } from "../../domain/award/draw-order.entity";
import type { CampaignChunk } from "../../domain/campaign/campaign.repository";
import { CAMPAIGN_CHUNK } from "../../domain/compensation/compensation-task.repository";
import { PROGRESS_SHARDS } from "./draw-order.pg-repository";
import { ORDER_COLUMNS, orderFromRow, type OrderRow } from "./order-row";

// Chunks of RUNNING campaigns only: a paused campaign's chunks wait where they are. SKIP LOCKED
// lets another worker take the next chunks; the status check on the UPDATE makes a claim exclusive.
const CLAIM = `
  WITH due AS MATERIALIZED (
    SELECT t.id FROM compensate_task t JOIN campaign c ON c.campaign_id = (t.context->>'campaignId')::bigint
    WHERE t.biz_type = '${CAMPAIGN_CHUNK}' AND t.status = 'WAIT_HANDLE' AND t.next_run_at <= now() AND c.state = 'RUNNING'
    ORDER BY t.priority DESC, t.next_run_at, t.id
    LIMIT $1
    FOR UPDATE OF t SKIP LOCKED
  )
  UPDATE compensate_task SET status = 'PROCESSING', cnt = cnt + 1, updated_at = now()
  WHERE id IN (SELECT id FROM due) AND status = 'WAIT_HANDLE'
  RETURNING id::text, context, cnt`;

// The fence: only the claim that holds the chunk (PROCESSING, with its attempt number) writes.
// The orders are keyed (campaign, n, uId) in uuid, so a grant already ordered is left alone;
// the campaign's ordered counter moves with the rows in the same statement.
const WRITE_ORDERS = `
  WITH fence AS (
    SELECT id FROM compensate_task WHERE id = $1 AND status = 'PROCESSING' AND cnt = $2 FOR UPDATE
  ), ins AS (
    INSERT INTO user_strategy_export (order_id, u_id, activity_id, strategy_id, strategy_mode, grant_type, grant_date, grant_state,
      award_id, award_type, award_name, award_content, shipping_address, uuid, campaign_id, mq_state, created_at, updated_at)
    SELECT o, u, 0, 0, 0, 1, now(), 0, $4, $5, $6, $7, NULL, k, $3, 0, now(), now()
    FROM unnest($8::bigint[], $9::varchar[], $10::varchar[]) AS x(o, u, k)
    WHERE EXISTS (SELECT 1 FROM fence)
    ON CONFLICT (uuid) DO NOTHING
    RETURNING 1
  ), counted AS (
    INSERT INTO campaign_progress AS p (campaign_id, shard, ordered)
    SELECT $3, (pg_backend_pid() % ${PROGRESS_SHARDS})::smallint, count(*) FROM ins HAVING count(*) > 0
    ON CONFLICT (campaign_id, shard) DO UPDATE SET ordered = p.ordered + EXCLUDED.ordered
  ), renewed AS (
    UPDATE compensate_task SET updated_at = now() WHERE id IN (SELECT id FROM fence)
  )
  SELECT EXISTS (SELECT 1 FROM fence) AS held, (SELECT count(*) FROM ins)::int AS added`;

const FINISH_DONE = `
  UPDATE campaign c SET state = 'DONE', finished_at = now(), updated_at = now()
  WHERE c.state = 'RUNNING'
    AND NOT EXISTS (
      SELECT 1 FROM compensate_task t
      WHERE t.biz_type = '${CAMPAIGN_CHUNK}' AND t.status IN ('WAIT_HANDLE', 'PROCESSING') AND (t.context->>'campaignId')::bigint = c.campaign_id
    )
    AND (SELECT coalesce(sum(ordered), 0) FROM campaign_progress p WHERE p.campaign_id = c.campaign_id) >= c.recipients::bigint * c.per_user
    AND (SELECT coalesce(sum(granted + failed), 0) FROM campaign_progress p WHERE p.campaign_id = c.campaign_id) >= c.recipients::bigint * c.per_user
  RETURNING c.campaign_id::text`;

/** The writes of campaign chunks through plain pg (see CampaignGrants). */
export class PgCampaignGrants implements CampaignGrants {
  constructor(private readonly pool: Pool) {}

  async claimChunks(limit: number): Promise<CampaignChunk[]> {
    if (limit <= 0) return [];
    const { rows } = await this.pool.query<{ id: string; context: { campaignId: number; index: number; from: number; to: number }; cnt: number }>({
      name: "campaign-claim-chunks",
      text: CLAIM,
      values: [limit],
    });
    return rows.map((row) => ({
      taskId: BigInt(row.id),
      campaignId: Number(row.context.campaignId),
      index: Number(row.context.index),
      from: Number(row.context.from),
      to: Number(row.context.to),
      attempt: row.cnt,
    }));
  }

  async releaseStale(leaseMs: number): Promise<number> {
    const { rowCount } = await this.pool.query(
      `UPDATE compensate_task SET status = 'WAIT_HANDLE', updated_at = now()
       WHERE biz_type = '${CAMPAIGN_CHUNK}' AND status = 'PROCESSING' AND updated_at < now() - $1 * interval '1 millisecond'`,
      [leaseMs],
    );
    return rowCount ?? 0;
  }

  async renew(chunk: CampaignChunk): Promise<boolean> {
    const { rowCount } = await this.pool.query("UPDATE compensate_task SET updated_at = now() WHERE id = $1 AND status = 'PROCESSING' AND cnt = $2", [
      chunk.taskId.toString(),
      chunk.attempt,
    ]);
    return rowCount === 1;
  }

  async recipientsOf(chunk: CampaignChunk): Promise<string[]> {
    const { rows } = await this.pool.query<{ u_id: string }>({
      name: "campaign-chunk-recipients",
      text: "SELECT u_id FROM campaign_recipient WHERE campaign_id = $1 AND hash >= $2 AND hash < $3",
      values: [chunk.campaignId, chunk.from, chunk.to],
    });
    return rows.map((row) => row.u_id);
  }

  async writeOrders(chunk: CampaignChunk, grants: ReadonlyArray<{ order: DrawOrder; key: string }>): Promise<number | "LOST_CLAIM"> {
    if (grants.length === 0) return (await this.renew(chunk)) ? 0 : "LOST_CLAIM";
    const award = grants[0].order;
    const { rows } = await this.pool.query<{ held: boolean; added: number }>({
      name: "campaign-write-orders",
      text: WRITE_ORDERS,
      values: [
        chunk.taskId.toString(),
        chunk.attempt,
        chunk.campaignId,
        award.awardId,
        award.awardType,
        award.awardName,
        award.awardContent,
        grants.map((g) => g.order.orderId.toString()),
        grants.map((g) => g.order.uId),
        grants.map((g) => g.key),
      ],
    });
    return rows[0].held ? rows[0].added : "LOST_CLAIM";
  }

  async unsent(_chunk: CampaignChunk, keys: readonly string[]): Promise<DrawOrder[]> {
    if (keys.length === 0) return [];
    const { rows } = await this.pool.query<OrderRow>({
      // Unnamed: planned at each run, for the table as it is then (pg-query.ts).
      text: `SELECT ${ORDER_COLUMNS} FROM user_strategy_export WHERE uuid = ANY($1::varchar[]) AND mq_state <> 1`,
      values: [keys],
    });
    return rows.map((row) => orderFromRow(row));
  }

  async complete(chunk: CampaignChunk): Promise<boolean> {
    const { rowCount } = await this.pool.query(
      "UPDATE compensate_task SET status = 'SUCCESS', updated_at = now() WHERE id = $1 AND status = 'PROCESSING' AND cnt = $2",
      [chunk.taskId.toString(), chunk.attempt],
    );
    return rowCount === 1;
  }

  async fail(chunk: CampaignChunk, reason: string, delayMs: number, giveUp: boolean): Promise<boolean> {
    const { rowCount } = await this.pool.query(
      `UPDATE compensate_task
       SET status = CASE WHEN $5 THEN 'FAILED' ELSE 'WAIT_HANDLE' END, last_failed_reason = $3,
           next_run_at = now() + $4 * interval '1 millisecond', updated_at = now()
       WHERE id = $1 AND status = 'PROCESSING' AND cnt = $2`,
      [chunk.taskId.toString(), chunk.attempt, reason.slice(0, 4000), Math.max(0, delayMs), giveUp],
    );
    return rowCount === 1;
  }

  async finishDone(): Promise<number[]> {
    const { rows } = await this.pool.query<{ campaign_id: string }>(FINISH_DONE);
    return rows.map((row) => Number(row.campaign_id));
  }
}
