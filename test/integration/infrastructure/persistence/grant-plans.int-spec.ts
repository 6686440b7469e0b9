import type { Pool, PoolClient } from "pg";
import { PgDrawOrderRepository } from "../../../../src/infrastructure/persistence/draw-order.pg-repository";
import { createPgPool } from "../../../../src/infrastructure/persistence/pg-pool.factory";
import { createOwnDatabase } from "../../../support/own-database";

/**
 * A consumer starts on an empty award_delivery and then grants for days on one connection. A
 * plan PostgreSQL cached for a statement while the table was empty must not stay: a sequential
 * scan per grant reads every delivery ever made (measured in bench:draw: 34 million rows read
 * by 1,300 grants, the consumer's CPU per draw rising all the time). This server runs with
 * autovacuum off, so no ANALYZE ever invalidates such a plan by itself.
 */
describe("statements by a list of keys stay on their indexes as the tables grow from empty", () => {
  let own: { url: string; drop: () => Promise<void> };
  let pool: Pool;
  // One session throughout: prepared statements and their cached plans are the session's.
  let client: PoolClient;
  beforeAll(async () => {
    own = await createOwnDatabase();
    pool = createPgPool(own.url, 1);
    client = await pool.connect();
  });
  afterAll(async () => {
    client.release();
    await pool.end();
    await own.drop();
  });

  const insertOrders = (from: number, to: number) =>
    client.query(
      `INSERT INTO user_strategy_export (order_id, u_id, activity_id, strategy_id, strategy_mode, grant_type, award_id, award_type, award_name, uuid)
       SELECT g, 'u' || g, 1, 1, 2, 1, '1', 1, 'A', g::text FROM generate_series($1::bigint, $2::bigint) g`,
      [from, to],
    );
  /** Scans of each table by this session so far, flushed or not (pg_stat_xact_* inside a transaction). */
  const scans = async () => {
    const { rows } = await client.query<{ relname: string; seq_scan: string; idx_scan: string }>(
      "SELECT relname, seq_scan, idx_scan FROM pg_stat_xact_user_tables WHERE relname IN ('award_delivery', 'user_strategy_export')",
    );
    return Object.fromEntries(rows.map((row) => [row.relname, { seq: Number(row.seq_scan), idx: Number(row.idx_scan) }]));
  };
  const inTransaction = async <T>(work: () => Promise<T>): Promise<T> => {
    await client.query("BEGIN");
    try {
      return await work();
    } finally {
      await client.query("COMMIT");
    }
  };

  it("locks orders, reads their deliveries and moves their states through the indexes after 30,000 orders", async () => {
    const orders = new PgDrawOrderRepository(client);
    const batch = Array.from({ length: 24 }, (_, i) => BigInt(i + 1));
    await insertOrders(1, 24);
    // Runs on empty tables, more than the 5 custom plans PostgreSQL makes before it may cache a generic one.
    for (let i = 0; i < 10; i++) {
      await orders.lockForGrant(batch);
      await orders.markSendFailed(batch);
    }

    await insertOrders(25, 30_000);
    await client.query(
      `INSERT INTO award_delivery (order_id, u_id, award_id, award_type, delivery_ref, detail, delivered_at)
       SELECT order_id, u_id, award_id, award_type, 'ref-' || order_id, '{"code":"a redeem code of some length"}'::jsonb, now() FROM user_strategy_export WHERE order_id > 24`,
    );

    const { before, after, locked } = await inTransaction(async () => {
      const before = await scans();
      const locked = await orders.lockForGrant([...batch, 29_999n]);
      await orders.markSent([...batch, 29_999n]);
      return { before, after: await scans(), locked };
    });
    expect(locked.get(29_999n)?.delivery?.deliveryRef).toBe("ref-29999");
    expect(locked.get(1n)?.delivery).toBeNull();
    for (const table of ["award_delivery", "user_strategy_export"]) {
      expect({ table, seq: after[table].seq - before[table].seq }).toEqual({ table, seq: 0 });
      expect(after[table].idx).toBeGreaterThan(before[table].idx);
    }
    const sent = await client.query("SELECT count(*)::int AS n FROM user_strategy_export WHERE mq_state = 1");
    expect(sent.rows[0].n).toBe(25);
  });
});
