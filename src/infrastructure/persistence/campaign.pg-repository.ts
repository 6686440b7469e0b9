import type { Pool } from "pg";
import type { AwardType } from "../../domain/award/award-type";
import { Campaign, type CampaignProgress } from "../../domain/campaign/campaign.entity";
import type { CampaignRepository, CampaignView } from "../../domain/campaign/campaign.repository";
import type { CampaignState } from "../../domain/campaign/campaign-state";
import { CAMPAIGN_CHUNK } from "../../domain/compensation/compensation-task.repository";
import { violatedUniqueConstraint } from "./pg-query";

interface CampaignRow {
  campaign_id: string;
  name: string;
  award_id: string;
  award_type: number;
  award_name: string;
  award_content: string;
  per_user: number;
  state: CampaignState;
  recipients: number;
  started_at: Date | null;
  finished_at: Date | null;
  ordered: number;
  sent: number;
  granted: number;
  failed: number;
}

// The counters of the shards summed: at most a handful of rows per campaign, never its orders.
const SELECT_VIEW = `
  SELECT c.campaign_id::text, c.name, c.award_id, c.award_type, c.award_name, c.award_content, c.per_user, c.state, c.recipients,
         c.started_at, c.finished_at,
         coalesce(p.ordered, 0)::int AS ordered, coalesce(p.sent, 0)::int AS sent, coalesce(p.granted, 0)::int AS granted, coalesce(p.failed, 0)::int AS failed
  FROM campaign c
  LEFT JOIN LATERAL (
    SELECT sum(ordered) AS ordered, sum(sent) AS sent, sum(granted) AS granted, sum(failed) AS failed FROM campaign_progress WHERE campaign_id = c.campaign_id
  ) p ON true`;

export class PgCampaignRepository implements CampaignRepository {
  constructor(private readonly pool: Pool) {}

  async create(campaign: Campaign): Promise<"CREATED" | "EXISTS"> {
    const c = campaign.toProps();
    try {
      await this.pool.query(
        `INSERT INTO campaign (campaign_id, name, award_id, award_type, award_name, award_content, per_user, state)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
        [c.campaignId, c.name, c.award.awardId, c.award.type, c.award.name, c.award.content, c.perUser, c.state],
      );
      return "CREATED";
    } catch (error) {
      if (violatedUniqueConstraint(error) === "campaign_pkey") return "EXISTS";
      throw error;
    }
  }

  async find(campaignId: number): Promise<CampaignView | null> {
    const { rows } = await this.pool.query<CampaignRow>(`${SELECT_VIEW} WHERE c.campaign_id = $1`, [campaignId]);
    return rows[0] ? viewFromRow(rows[0]) : null;
  }

  async list(page: number, size: number): Promise<{ items: CampaignView[]; total: number }> {
    const [items, total] = await Promise.all([
      this.pool.query<CampaignRow>(`${SELECT_VIEW} ORDER BY c.campaign_id LIMIT $1 OFFSET $2`, [size, (page - 1) * size]),
      this.pool.query<{ n: number }>("SELECT count(*)::int AS n FROM campaign"),
    ]);
    return { items: items.rows.map(viewFromRow), total: total.rows[0].n };
  }

  async addRecipients(campaignId: number, recipients: ReadonlyArray<{ uId: string; hash: number }>): Promise<number> {
    if (recipients.length === 0) return 0;
    // One statement: the new recipients and the campaign's count of them move together.
    const { rows } = await this.pool.query<{ added: number }>({
      name: "campaign-add-recipients",
      text: `WITH added AS (
               INSERT INTO campaign_recipient (campaign_id, u_id, hash)
               SELECT $1, u, h FROM unnest($2::varchar[], $3::bigint[]) AS x(u, h)
               ON CONFLICT (campaign_id, u_id) DO NOTHING
               RETURNING 1
             ), counted AS (
               UPDATE campaign SET recipients = recipients + (SELECT count(*) FROM added), updated_at = now() WHERE campaign_id = $1
             )
             SELECT count(*)::int AS added FROM added`,
      values: [campaignId, recipients.map((r) => r.uId), recipients.map((r) => r.hash)],
    });
    return rows[0].added;
  }

  async start(campaignId: number, chunks: ReadonlyArray<{ from: number; to: number }>): Promise<boolean> {
    // One statement, so atomic without a transaction: the chunk tasks exist exactly when the
    // campaign moved OPEN -> RUNNING.
    const { rows } = await this.pool.query<{ moved: number }>(
      `WITH moved AS (
         UPDATE campaign SET state = 'RUNNING', started_at = now(), chunks = $5, updated_at = now()
         WHERE campaign_id = $1::bigint AND state = 'OPEN' RETURNING campaign_id
       ), tasks AS (
         INSERT INTO compensate_task (biz_id, biz_type, context, status, next_run_at, updated_at)
         SELECT $1::text || ':' || i, $2, jsonb_build_object('campaignId', $1::bigint, 'index', i, 'from', f, 'to', t), 'WAIT_HANDLE', now(), now()
         FROM unnest($3::bigint[], $4::bigint[]) WITH ORDINALITY AS x(f, t, i)
         WHERE EXISTS (SELECT 1 FROM moved)
         ON CONFLICT (biz_type, biz_id) DO NOTHING
       )
       SELECT count(*)::int AS moved FROM moved`,
      [String(campaignId), CAMPAIGN_CHUNK, chunks.map((c) => c.from), chunks.map((c) => c.to), chunks.length],
    );
    return rows[0].moved === 1;
  }

  async compareAndSetState(campaignId: number, from: CampaignState, to: CampaignState): Promise<boolean> {
    const { rowCount } = await this.pool.query("UPDATE campaign SET state = $3, updated_at = now() WHERE campaign_id = $1 AND state = $2", [
      campaignId,
      from,
      to,
    ]);
    return rowCount === 1;
  }
}

function viewFromRow(row: CampaignRow): CampaignView {
  const campaign = Campaign.restore({
    campaignId: Number(row.campaign_id),
    name: row.name,
    award: { awardId: row.award_id, type: row.award_type as AwardType, name: row.award_name, content: row.award_content },
    perUser: row.per_user,
    state: row.state,
  });
  const progress: CampaignProgress = {
    recipients: row.recipients,
    ordered: row.ordered,
    sent: row.sent,
    granted: row.granted,
    failed: row.failed,
    startedAt: row.started_at,
    finishedAt: row.finished_at,
  };
  return { campaign, progress };
}
