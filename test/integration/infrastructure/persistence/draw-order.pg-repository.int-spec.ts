import type { Pool } from "pg";
import { PgDrawOrderRepository } from "../../../../src/infrastructure/persistence/draw-order.pg-repository";
import { createPgPool } from "../../../../src/infrastructure/persistence/pg-pool.factory";
import { uniqueId } from "../../../support/unique-id";

describe("PgDrawOrderRepository: send outcomes, many at a time, by compare-and-set", () => {
  let pool: Pool;
  beforeAll(() => {
    pool = createPgPool(process.env.DATABASE_URL as string, 2);
  });
  afterAll(() => pool.end());

  async function orderAt(mqState: number): Promise<bigint> {
    const id = BigInt(uniqueId()) * 1000n;
    await pool.query(
      `INSERT INTO user_strategy_export (order_id, u_id, activity_id, strategy_id, strategy_mode, grant_type, award_id, award_type, award_name, uuid, mq_state)
       VALUES ($1::bigint, 'u', 1, 1, 2, 1, '1', 1, 'A', $1::bigint::text, $2)`,
      [id.toString(), mqState],
    );
    return id;
  }
  const mqStateOf = async (id: bigint) => (await pool.query("SELECT mq_state FROM user_strategy_export WHERE order_id = $1", [id.toString()])).rows[0].mq_state;

  it("marks sent from INIT and from FAIL, and never turns COMPLETE back into FAIL", async () => {
    const orders = new PgDrawOrderRepository(pool);
    const [fresh, failed, sent] = [await orderAt(0), await orderAt(2), await orderAt(1)];
    await orders.markSendFailed([fresh, failed, sent]);
    expect([await mqStateOf(fresh), await mqStateOf(failed), await mqStateOf(sent)]).toEqual([2, 2, 1]);
    await orders.markSent([fresh, failed]);
    expect([await mqStateOf(fresh), await mqStateOf(failed)]).toEqual([1, 1]);
    await orders.markSendFailed([fresh]);
    expect(await mqStateOf(fresh)).toBe(1);
  });
});
