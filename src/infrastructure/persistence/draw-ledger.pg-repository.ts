import { setTimeout as delay } from "node:timers/promises";
import type { Pool } from "pg";
import type { DrawEntry, DrawLedger, LedgerOutcome, RecordedDraw } from "../../application/ports/draw-ledger.port";
import type { AwardType } from "../../domain/award/award-type";
import { ActivityState } from "../../domain/activity/activity-state";
import { DependencyUnavailableError } from "../../shared/errors";
import { AWARD_STOCK_SLOTS } from "./award-stock-slots";
import { orderFromRow, type OrderRow } from "./order-row";
import { isTransientConflict } from "./pg-conflict";
import { runStatement, violatedUniqueConstraint } from "./pg-query";

// One statement, so one round trip and one commit per draw; PostgreSQL runs it as one
// transaction, all of it or none. In order:
//   open     the activity is DOING and inside its window by the database clock, read without a
//            lock (the activity row is never written by a draw), and the unit is inside the stock;
//   counted  the user's counter: its row lock serialises one user's racing draws, and a user at
//            the limit stops everything below;
//   won      a stock slot of the first candidate award with stock left, locked and re-checked
//            (FOR UPDATE re-reads a row another draw changed meanwhile), and decremented; none for
//            a loss. The draw's own slot, which follows the stock unit the live stock hands out in
//            sequence (so concurrent wins of one award lock different rows), is the only lock it
//            waits for, and it waits before it holds any other slot; the rest it tries in
//            candidate order and passes over if locked (SKIP LOCKED). So draws never deadlock on
//            slots, which they did where slots ran dry at once: a row a draw locked and found empty
//            stays locked, and with a wait of its own behind it PostgreSQL broke the cycle after
//            deadlock_timeout (1 s), long enough for 40 racing draws to exhaust a pool's wait.
//            The slot is chosen by a scalar subquery, run once (its second branch only if the
//            first found nothing): as a joined subquery the planner may re-run it for each slot
//            row, and after this draw's own decrement it picks another slot, so one draw
//            decremented two slots and wrote its order twice;
//   busy     a draw that passed over a locked slot of a better candidate than the one it got
//            (or got none) may have missed stock left there: draw_slots_busy() rolls it back
//            whole as a serialization failure (SQLSTATE 40001) and record() runs it again. Read
//            from the statement's snapshot, a slot emptied since then counts as busy too; the
//            run after it sees it empty. The final SELECT reads busy so that it runs (a SELECT in
//            WITH runs only as far as it is read), and reading won makes it run after won;
//   take     the take, already used, holding the unit; UNIQUE (activity_id, stock_unit) refuses a
//            unit another take holds, and the partial unique index refuses a second draw with the
//            same Idempotency-Key of this user;
//   ins      the order, for a win, with the award's name and content.
export const RECORD_DRAW = `
  WITH open AS (
    SELECT a.stock_count FROM activity a
    WHERE a.activity_id = $1 AND a.state = ${ActivityState.DOING} AND a.begin_at <= now() AND now() <= a.end_at
  ), counted AS (
    INSERT INTO user_take_activity_count AS c (u_id, activity_id, total_count, left_count, updated_at)
    SELECT $2, $1, $3, $3 - 1, now() FROM open WHERE $3 > 0 AND $4 < open.stock_count
    ON CONFLICT (u_id, activity_id) DO UPDATE SET left_count = c.left_count - 1, updated_at = now() WHERE c.left_count > 0
    RETURNING c.total_count - c.left_count AS ordinal
  ), won AS (
    UPDATE strategy_award_stock s SET surplus = s.surplus - 1, updated_at = now()
    WHERE (s.strategy_id, s.award_id, s.slot) = (
      SELECT p.strategy_id, p.award_id, p.slot FROM (
        SELECT * FROM (
          SELECT l.strategy_id, l.award_id, l.slot FROM strategy_award_stock l
          WHERE l.strategy_id = $5 AND l.award_id = ($6::varchar[])[1] AND l.slot = $4::int % ${AWARD_STOCK_SLOTS} AND l.surplus > 0
            AND EXISTS (SELECT 1 FROM counted)
          FOR UPDATE
        ) own
        UNION ALL
        SELECT * FROM (
          SELECT l.strategy_id, l.award_id, l.slot FROM strategy_award_stock l
          WHERE l.strategy_id = $5 AND l.award_id = ANY($6::varchar[]) AND l.surplus > 0 AND EXISTS (SELECT 1 FROM counted)
          ORDER BY array_position($6::varchar[], l.award_id), l.slot <> $4::int % ${AWARD_STOCK_SLOTS}, l.slot
          LIMIT 1
          FOR UPDATE SKIP LOCKED
        ) other
      ) p
      LIMIT 1
    )
    RETURNING s.award_id
  ), busy AS (
    SELECT draw_slots_busy() FROM counted
    WHERE cardinality($6::varchar[]) > 0 AND COALESCE((SELECT array_position($6::varchar[], award_id) FROM won), 0) <> 1
      AND EXISTS (
        SELECT 1 FROM strategy_award_stock l
        WHERE l.strategy_id = $5 AND l.award_id = ANY($6::varchar[]) AND l.surplus > 0
          AND array_position($6::varchar[], l.award_id)
            < COALESCE((SELECT array_position($6::varchar[], award_id) FROM won), cardinality($6::varchar[]) + 1))
  ), take AS (
    INSERT INTO user_take_activity (take_id, u_id, activity_id, activity_name, take_count, strategy_id, state, uuid,
      stock_unit, idempotency_key, request_hash, updated_at)
    SELECT $7::bigint, $2, $1, $8, counted.ordinal, $5, 1, $2 || '_' || $1 || '_' || counted.ordinal, $4, $9, $10, now() FROM counted
    RETURNING take_date
  ), ins AS (
    INSERT INTO user_strategy_export (order_id, u_id, activity_id, strategy_id, strategy_mode, grant_type, grant_date,
      grant_state, award_id, award_type, award_name, award_content, shipping_address, uuid, mq_state, created_at, updated_at)
    SELECT $11::bigint, $2, $1, $5, $12::smallint, $13::smallint, take.take_date, 0, won.award_id, a.award_type, a.award_name,
      a.award_content, $14::jsonb, $7::text, 0, take.take_date, now()
    FROM won CROSS JOIN take JOIN award a ON a.strategy_id = $5 AND a.award_id = won.award_id
    RETURNING award_id, award_type, award_name, award_content
  )
  SELECT EXISTS (SELECT 1 FROM open) AS open,
         (SELECT stock_count FROM open) AS stock_count,
         (SELECT ordinal FROM counted) AS ordinal,
         (SELECT take_date FROM take) AS taken_at,
         (SELECT count(*) FROM busy) AS busy,
         ins.award_id, ins.award_type, ins.award_name, ins.award_content
  FROM (SELECT 1) one LEFT JOIN ins ON true`;

interface RecordRow {
  open: boolean;
  stock_count: number | null;
  ordinal: number | null;
  taken_at: Date | null;
  award_id: string | null;
  award_type: number | null;
  award_name: string | null;
  award_content: string | null;
}

/**
 * A draw rolled back as a conflict (it passed over a busy slot, see RECORD_DRAW's busy; or any
 * deadlock or serialization failure) is run again, this many times in all at most. The slot it
 * passed over is held by another draw's single statement, a few milliseconds; with the pauses
 * below the runs span about a second, and past that the draw answers 503.
 */
export const CONFLICT_ATTEMPTS = 40;

/**
 * The pause before run n + 1 is random up to min(2^(n-1), this) milliseconds: racers spread out,
 * and a slot held for long (a slow server) is not asked about hundreds of times a second.
 */
const CONFLICT_PAUSE_MAX_MS = 64;

/** The draw's writes through plain pg, in one statement (see RECORD_DRAW). */
export class PgDrawLedger implements DrawLedger {
  constructor(private readonly pool: Pool) {}

  async record(entry: DrawEntry): Promise<LedgerOutcome> {
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.recordOnce(entry);
      } catch (error) {
        // Rolled back whole: nothing of it remains, so running it again is safe.
        if (!isTransientConflict(error)) throw error;
        if (attempt >= CONFLICT_ATTEMPTS) {
          throw new DependencyUnavailableError("postgres", `draw still conflicting after ${attempt} runs`, false, { cause: error });
        }
        await delay(Math.random() * Math.min(2 ** (attempt - 1), CONFLICT_PAUSE_MAX_MS));
      }
    }
  }

  private async recordOnce(entry: DrawEntry): Promise<LedgerOutcome> {
    let row: RecordRow;
    try {
      const { rows } = await runStatement<RecordRow>(this.pool, {
        name: "record-draw",
        text: RECORD_DRAW,
        values: [
          entry.activityId,
          entry.uId,
          entry.takeLimit,
          entry.stockUnit,
          entry.strategyId,
          entry.candidates,
          entry.takeId.toString(),
          entry.activityName,
          entry.idempotency?.key ?? null,
          entry.idempotency?.requestHash ?? null,
          entry.orderId.toString(),
          entry.strategyMode,
          entry.grantType,
          entry.shippingAddress === null ? null : JSON.stringify(entry.shippingAddress),
        ],
      });
      row = rows[0];
    } catch (error) {
      const constraint = violatedUniqueConstraint(error);
      if (constraint === "user_take_activity_activity_id_stock_unit_key") return { kind: "UNIT_ALREADY_USED" };
      if (constraint === "user_take_activity_u_id_idempotency_key_key") return { kind: "IDEMPOTENCY_KEY_USED" };
      throw error;
    }
    if (!row.open) return { kind: "NOT_OPEN" };
    if (row.stock_count !== null && entry.stockUnit >= row.stock_count) return { kind: "UNIT_ALREADY_USED" };
    if (row.ordinal === null || row.taken_at === null) return { kind: "TAKE_LIMIT_REACHED" };
    const won =
      row.award_id === null
        ? null
        : { awardId: row.award_id, awardType: row.award_type as AwardType, awardName: row.award_name ?? "", awardContent: row.award_content ?? "" };
    return { kind: "RECORDED", ordinal: row.ordinal, takenAt: row.taken_at, won };
  }

  async findByIdempotencyKey(uId: string, key: string): Promise<RecordedDraw | null> {
    const { rows } = await runStatement<{ take_id: string; request_hash: string | null } & Partial<OrderRow>>(this.pool, {
      name: "find-draw-by-idempotency-key",
      text: `SELECT t.take_id::text, t.request_hash, o.*
             FROM user_take_activity t LEFT JOIN user_strategy_export o ON o.uuid = t.take_id::text
             WHERE t.u_id = $1 AND t.idempotency_key = $2`,
      values: [uId, key],
    });
    const row = rows[0];
    if (!row) return null;
    return {
      takeId: BigInt(row.take_id),
      requestHash: row.request_hash,
      order: row.order_id ? orderFromRow(row as OrderRow) : null,
    };
  }
}
