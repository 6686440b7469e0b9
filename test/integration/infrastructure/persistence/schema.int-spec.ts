import { Client } from "pg";
import { pgPoolConfigFromUrl } from "../../../../src/infrastructure/persistence/pg-pool-config";

const DOMAIN_TABLES = [
  "activity",
  "award",
  "strategy",
  "strategy_detail",
  "user_take_activity",
  "user_take_activity_count",
  "user_strategy_export",
  "award_delivery",
  "compensate_task",
  "mq_consumer_log",
];

describe("the migrated schema", () => {
  const pg = new Client(pgPoolConfigFromUrl(process.env.DATABASE_URL as string));
  beforeAll(() => pg.connect());
  afterAll(() => pg.end());
  // Each test works inside a transaction that is rolled back, so tests never see each other's rows.
  beforeEach(() => pg.query("BEGIN"));
  afterEach(() => pg.query("ROLLBACK"));

  it("has every table DOMAIN.md names", async () => {
    const { rows } = await pg.query<{ table_name: string }>(
      "SELECT table_name FROM information_schema.tables WHERE table_schema = 'public'",
    );
    expect(rows.map((r) => r.table_name)).toEqual(expect.arrayContaining(DOMAIN_TABLES));
  });

  it("has mq_state and grant_state on the order table and an index leading with (mq_state, created_at)", async () => {
    const { rows: columns } = await pg.query<{ column_name: string }>(
      "SELECT column_name FROM information_schema.columns WHERE table_name = 'user_strategy_export'",
    );
    expect(columns.map((c) => c.column_name)).toEqual(expect.arrayContaining(["mq_state", "grant_state", "uuid", "order_id"]));
    const { rows: indexes } = await pg.query<{ indexdef: string }>("SELECT indexdef FROM pg_indexes WHERE tablename = 'user_strategy_export'");
    expect(indexes.map((i) => i.indexdef)).toEqual(expect.arrayContaining([expect.stringMatching(/\(mq_state, created_at\)/)]));
  });

  it("refuses a second take with the same uuid", async () => {
    const take = (takeId: number, unit: number) =>
      pg.query(
        `INSERT INTO user_take_activity (take_id, u_id, activity_id, activity_name, take_count, strategy_id, uuid, stock_unit)
         VALUES ($1, 'xiaofuge', 100001, 'demo', 1, 10001, 'xiaofuge_100001_1', $2)`,
        [takeId, unit],
      );
    await take(1, 1);
    await expectUniqueViolation(() => take(2, 2), "user_take_activity_uuid_key");
  });

  it("refuses a second take of the same unit of activity stock, and a negative unit, so no writer can oversell", async () => {
    const take = (takeId: number, uId: string, unit: number) =>
      pg.query(
        `INSERT INTO user_take_activity (take_id, u_id, activity_id, activity_name, take_count, strategy_id, uuid, stock_unit)
         VALUES ($1, $2::varchar, 100002, 'demo', 1, 10002, $2::varchar || '_100002_1', $3)`,
        [takeId, uId, unit],
      );
    await take(21, "a", 7);
    await expectUniqueViolation(() => take(22, "b", 7), "user_take_activity_activity_id_stock_unit_key");
    await pg.query("SAVEPOINT before_violation");
    await expect(take(23, "c", -1)).rejects.toMatchObject({ code: "23514", constraint: "user_take_activity_stock_unit_check" });
    await pg.query("ROLLBACK TO SAVEPOINT before_violation");
  });

  it("refuses a second draw of one user with the same Idempotency-Key, and lets another user use it", async () => {
    const take = (takeId: number, uId: string, unit: number) =>
      pg.query(
        `INSERT INTO user_take_activity (take_id, u_id, activity_id, activity_name, take_count, strategy_id, uuid, stock_unit, idempotency_key)
         VALUES ($1::bigint, $2::varchar, 100003, 'demo', 1, 10003, $2::varchar || '_100003_' || $1::bigint, $3, 'key-1')`,
        [takeId, uId, unit],
      );
    await take(31, "a", 1);
    await take(32, "b", 2);
    await expectUniqueViolation(() => take(33, "a", 3), "user_take_activity_u_id_idempotency_key_key");
  });

  it("refuses a second per-user counter for the same user and activity", async () => {
    const counter = () =>
      pg.query(`INSERT INTO user_take_activity_count (u_id, activity_id, total_count, left_count) VALUES ('fustack', 100001, 10, 9)`);
    await counter();
    await expectUniqueViolation(() => counter(), "user_take_activity_count_u_id_activity_id_key");
  });

  it("refuses a second order for the same take, and a second delivery for the same order", async () => {
    const order = (orderId: number) =>
      pg.query(
        `INSERT INTO user_strategy_export (order_id, u_id, activity_id, strategy_id, strategy_mode, grant_type, award_id, award_type, award_name, uuid)
         VALUES ($1, 'xiaofuge', 100001, 10001, 2, 1, '3', 1, 'ipad', '777')`,
        [orderId],
      );
    await order(11);
    await expectUniqueViolation(() => order(12), "user_strategy_export_uuid_key");

    const delivery = () =>
      pg.query(`INSERT INTO award_delivery (order_id, u_id, award_id, award_type, delivery_ref) VALUES (11, 'xiaofuge', '3', 1, 'ref')`);
    await delivery();
    await expectUniqueViolation(() => delivery(), "award_delivery_order_id_key");
  });

  it("refuses a second compensation task for the same business key and a second consume log for the same message", async () => {
    const task = () => pg.query(`INSERT INTO compensate_task (biz_id, biz_type) VALUES ('11', 'REGRANT_ORDER')`);
    await task();
    await expectUniqueViolation(() => task(), "compensate_task_biz_type_biz_id_key");
    const log = () =>
      pg.query(`INSERT INTO mq_consumer_log (group_name, message_id, topic, partition, "offset") VALUES ('lottery', '11', 'lottery_invoice', 0, 5)`);
    await log();
    await expectUniqueViolation(() => log(), "mq_consumer_log_group_name_message_id_key");
  });

  it("refuses stock below zero, so no writer can oversell", async () => {
    await pg.query(`INSERT INTO strategy (strategy_id, strategy_mode) VALUES (1, 2)`);
    const activity = (surplus: number) =>
      pg.query(
        `INSERT INTO activity (activity_id, activity_name, begin_at, end_at, stock_count, stock_surplus_count, take_count, strategy_id)
         VALUES (1, 'a', now(), now() + interval '1 day', 10, $1, 1, 1)`,
        [surplus],
      );
    await expect(activity(-1)).rejects.toMatchObject({ code: "23514", constraint: "activity_stock_within_bounds" });
  });

  /** Postgres aborts the transaction on a violation; a savepoint lets the test go on afterwards. */
  async function expectUniqueViolation(statement: () => Promise<unknown>, constraint: string): Promise<void> {
    await pg.query("SAVEPOINT before_violation");
    await expect(statement()).rejects.toMatchObject({ code: "23505", constraint });
    await pg.query("ROLLBACK TO SAVEPOINT before_violation");
  }
});
