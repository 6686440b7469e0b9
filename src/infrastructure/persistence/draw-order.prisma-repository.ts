import type { AwardType } from "../../domain/award/award-type";
import { DrawOrder, type OrderProgress, type ShippingAddress } from "../../domain/award/draw-order.entity";
import type { DrawOrderRepository, SaveWinOutcome } from "../../domain/award/draw-order.repository";
import type { UserStrategyExport } from "./generated/client";
import type { PrismaClient } from "./prisma-client.factory";

export class PrismaDrawOrderRepository implements DrawOrderRepository {
  constructor(private readonly prisma: PrismaClient) {}

  /**
   * One statement, so the award row is locked only while it runs (not for a whole transaction:
   * the award rows are the hottest rows of a campaign). The award line is locked and re-checked
   * first; the take is used and the surplus decremented only if both can be; the order is
   * inserted only if both were. Either everything happens or nothing does.
   */
  async saveWin(order: DrawOrder): Promise<SaveWinOutcome> {
    const o = order.toProps();
    const address = o.shippingAddress === null ? null : JSON.stringify(o.shippingAddress);
    const [row] = await this.prisma.$queryRaw<Array<{ award_ok: bigint; take_ok: bigint; inserted: bigint }>>`
      WITH locked AS (
        SELECT id FROM strategy_detail
        WHERE strategy_id = ${BigInt(o.strategyId)} AND award_id = ${o.awardId} AND award_surplus_count > 0
        FOR UPDATE
      ), take AS (
        UPDATE user_take_activity SET state = 1, updated_at = now()
        WHERE take_id = ${o.takeId} AND state = 0 AND EXISTS (SELECT 1 FROM locked)
        RETURNING take_id
      ), award AS (
        UPDATE strategy_detail SET award_surplus_count = award_surplus_count - 1, updated_at = now()
        WHERE id IN (SELECT id FROM locked) AND EXISTS (SELECT 1 FROM take)
        RETURNING id
      ), ins AS (
        INSERT INTO user_strategy_export (order_id, u_id, activity_id, strategy_id, strategy_mode, grant_type, grant_date,
          grant_state, award_id, award_type, award_name, award_content, shipping_address, uuid, mq_state, created_at, updated_at)
        SELECT ${o.orderId}, ${o.uId}, ${BigInt(o.activityId)}, ${BigInt(o.strategyId)}, ${o.strategyMode}::smallint, ${o.grantType}::smallint,
          ${o.createdAt}, ${o.grantState}::smallint, ${o.awardId}, ${o.awardType}::smallint, ${o.awardName}, ${o.awardContent},
          ${address}::jsonb, ${o.takeId.toString()}, ${o.mqState}::smallint, ${o.createdAt}, now()
        WHERE EXISTS (SELECT 1 FROM award)
        RETURNING order_id
      )
      SELECT (SELECT count(*) FROM locked) AS award_ok, (SELECT count(*) FROM take) AS take_ok, (SELECT count(*) FROM ins) AS inserted`;
    if (Number(row.inserted) === 1) return "SAVED";
    if (Number(row.award_ok) === 0) return "AWARD_OUT_OF_STOCK";
    if (Number(row.take_ok) === 0) return "TAKE_ALREADY_USED";
    throw new Error(`order ${o.orderId} was neither saved nor refused (award ${row.award_ok}, take ${row.take_ok})`);
  }

  async saveLoss(takeId: bigint): Promise<"SAVED" | "TAKE_ALREADY_USED"> {
    const used = await this.prisma.userTakeActivity.updateMany({ where: { takeId, state: 0 }, data: { state: 1 } });
    return used.count === 1 ? "SAVED" : "TAKE_ALREADY_USED";
  }

  async markMqState(orderId: bigint, state: OrderProgress): Promise<void> {
    await this.prisma.userStrategyExport.update({ where: { orderId }, data: { mqState: state } });
  }

  async findOrder(orderId: bigint): Promise<DrawOrder | null> {
    const row = await this.prisma.userStrategyExport.findUnique({ where: { orderId } });
    return row ? toOrder(row) : null;
  }

  async listByUser(uId: string, activityId?: number): Promise<DrawOrder[]> {
    const rows = await this.prisma.userStrategyExport.findMany({
      where: { uId, ...(activityId === undefined ? {} : { activityId: BigInt(activityId) }) },
      orderBy: { orderId: "desc" },
      take: 200,
    });
    return rows.map(toOrder);
  }
}

function toOrder(row: UserStrategyExport): DrawOrder {
  return DrawOrder.restore({
    orderId: row.orderId,
    uId: row.uId,
    activityId: Number(row.activityId),
    strategyId: Number(row.strategyId),
    strategyMode: row.strategyMode,
    grantType: row.grantType,
    awardId: row.awardId,
    awardType: row.awardType as AwardType,
    awardName: row.awardName,
    awardContent: row.awardContent,
    takeId: BigInt(row.uuid),
    shippingAddress: (row.shippingAddress as ShippingAddress | null) ?? null,
    grantState: row.grantState as OrderProgress,
    mqState: row.mqState as OrderProgress,
    createdAt: row.createdAt,
  });
}
