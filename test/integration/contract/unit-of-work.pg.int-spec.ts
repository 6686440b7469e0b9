import { PgUnitOfWork } from "../../../src/infrastructure/persistence/pg-unit-of-work";
import { describeUnitOfWorkContract } from "../../contract/unit-of-work.contract";
import { useContractDatabase } from "../../support/contract-database";

const db = useContractDatabase(["award_delivery", "compensate_task", "user_strategy_export", "campaign_progress"]);

describeUnitOfWorkContract("PgUnitOfWork", async () => {
  await db.empty();
  const pool = db.pool();
  return {
    uow: new PgUnitOfWork(pool),
    given: async (order) => {
      const o = order.toProps();
      await pool.query(
        `INSERT INTO user_strategy_export (order_id, u_id, activity_id, strategy_id, strategy_mode, grant_type, award_id, award_type, award_name, uuid, grant_state, mq_state)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)`,
        [String(o.orderId), o.uId, o.activityId, o.strategyId, o.strategyMode, o.grantType, o.awardId, o.awardType, o.awardName, String(o.orderId), o.grantState, o.mqState],
      );
    },
    grantStateOf: async (orderId) => {
      const { rows } = await pool.query<{ grant_state: number }>("SELECT grant_state FROM user_strategy_export WHERE order_id = $1", [String(orderId)]);
      return rows[0]?.grant_state;
    },
    taskIds: async () => (await pool.query<{ biz_id: string }>("SELECT biz_id FROM compensate_task ORDER BY biz_id")).rows.map((row) => row.biz_id),
  };
});
