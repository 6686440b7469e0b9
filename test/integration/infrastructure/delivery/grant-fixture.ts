import type { Client, Pool } from "pg";
import type { GrantRequest } from "../../../../src/domain/award/award-distributor";
import { AwardType, awardTypeName } from "../../../../src/domain/award/award-type";
import type { ShippingAddress } from "../../../../src/domain/award/draw-order.entity";
import { createPgPool } from "../../../../src/infrastructure/persistence/pg-pool.factory";
import { granting, type BriefOutcome } from "../../../support/grant-harness";
import { connectDb } from "../../../support/db";
import { uniqueId } from "../../../support/unique-id";

// What the award distributors' integration specs share: won orders as the draw writes them, the
// grant they run in (DeliverInvoicesUseCase on a real transaction, granting() of grant-harness)
// and what a grant leaves in the database.

export const ADDRESS: ShippingAddress = { name: "xiaofuge", city: "Beijing", street: "1 Chang'an Avenue" };

/**
 * Won orders written straight into user_strategy_export, as the draw writes them. mq_state is
 * COMPLETE (invoice sent), so an invoice scanner of another test file's app never re-sends them
 * and no consumer grants them behind this file's back.
 */
export const OrderMother = {
  async won(
    db: Client,
    awardType: AwardType,
    options: { strategyId?: number; awardId?: string; orderAddress?: ShippingAddress | null; invoiceAddress?: ShippingAddress | null } = {},
  ): Promise<GrantRequest> {
    const orderId = BigInt(uniqueId());
    const request: GrantRequest = {
      orderId,
      uId: `user-${orderId}`,
      activityId: 100001,
      awardId: options.awardId ?? "3",
      awardType,
      awardName: `${awardTypeName(awardType)} prize`,
      awardContent: `content of ${orderId}`,
      shippingAddress: options.invoiceAddress === undefined ? (options.orderAddress ?? null) : options.invoiceAddress,
    };
    await db.query(
      `INSERT INTO user_strategy_export (order_id, u_id, activity_id, strategy_id, strategy_mode, grant_type, grant_state,
         award_id, award_type, award_name, award_content, shipping_address, uuid, mq_state)
       VALUES ($1, $2, $3, $4, 2, 1, 0, $5, $6, $7, $8, $9, $10, 1)`,
      [
        orderId.toString(),
        request.uId,
        request.activityId,
        options.strategyId ?? uniqueId(),
        request.awardId,
        awardType,
        request.awardName,
        request.awardContent,
        options.orderAddress ? JSON.stringify(options.orderAddress) : null,
        orderId.toString(),
      ],
    );
    return request;
  },
};


export interface GrantFixture {
  pool: Pool;
  db: Client;
  grant: (request: GrantRequest) => Promise<BriefOutcome>;
}

/** A pool of 25 for the grants, a client of its own for the test's queries, and the grant. */
export async function openGrantFixture(): Promise<GrantFixture> {
  const pool = createPgPool(process.env.DATABASE_URL as string, 25);
  const db = await connectDb();
  return { pool, db, grant: granting(pool) };
}

export async function closeGrantFixture({ pool, db }: Pick<GrantFixture, "pool" | "db">): Promise<void> {
  await pool.end();
  await db.end();
}

/** What a grant left for an order, read through `db()` (the fixture's client, once open). */
export function grantReads(db: () => Client) {
  return {
    deliveriesOf: async (orderId: bigint) =>
      (await db().query("SELECT delivery_ref, award_type, u_id, detail FROM award_delivery WHERE order_id = $1", [orderId.toString()])).rows,
    grantStateOf: async (orderId: bigint) =>
      (await db().query("SELECT grant_state FROM user_strategy_export WHERE order_id = $1", [orderId.toString()])).rows[0].grant_state as number,
    countRows: async (table: string, orderId: bigint) =>
      Number((await db().query(`SELECT count(*) FROM ${table} WHERE order_id = $1`, [orderId.toString()])).rows[0].count),
  };
}
