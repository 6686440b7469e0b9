import { PgRedeemCodePool } from "../../../src/infrastructure/delivery/redeem-code-pool.pg-adapter";
import { PgRedeemCodeInventory } from "../../../src/infrastructure/persistence/redeem-code-inventory.pg-repository";
import { describeRedeemCodesContract } from "../../contract/redeem-codes.contract";
import { useContractDatabase } from "../../support/contract-database";

const db = useContractDatabase(["award_redeem_code", "user_strategy_export"]);

describeRedeemCodesContract("PgRedeemCodeInventory and PgRedeemCodePool", async () => {
  await db.empty();
  const pool = db.pool();
  return {
    inventory: new PgRedeemCodeInventory(pool),
    pool: new PgRedeemCodePool(pool),
    givenOrders: async (orderIds) => {
      await pool.query(
        `INSERT INTO user_strategy_export (order_id, u_id, activity_id, strategy_id, strategy_mode, grant_type, award_id, award_type, award_name, uuid)
         SELECT o, 'u' || o, 1, 7, 1, 1, 'gift', 2, 'Gift', o::text FROM unnest($1::bigint[]) AS o`,
        [orderIds.map(String)],
      );
    },
  };
});
