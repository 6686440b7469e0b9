import type { AwardType } from "../../domain/award/award-type";
import { DrawOrder, type OrderProgress, type ShippingAddress } from "../../domain/award/draw-order.entity";
import type { DrawOrderRepository, SaveWinOutcome } from "../../domain/award/draw-order.repository";
import type { Prisma, UserStrategyExport } from "./generated/client";
import type { PrismaClient } from "./prisma-client.factory";
import { TRANSACTION_OPTIONS } from "./transaction-options";

class Refused extends Error {
  constructor(readonly outcome: Exclude<SaveWinOutcome, "SAVED">) {
    super(outcome);
  }
}

export class PrismaDrawOrderRepository implements DrawOrderRepository {
  constructor(private readonly prisma: PrismaClient) {}

  async saveWin(order: DrawOrder): Promise<SaveWinOutcome> {
    const o = order.toProps();
    try {
      await this.prisma.$transaction(async (tx) => {
        const decremented = await tx.$executeRaw`
          UPDATE strategy_detail SET award_surplus_count = award_surplus_count - 1, updated_at = now()
          WHERE strategy_id = ${BigInt(o.strategyId)} AND award_id = ${o.awardId} AND award_surplus_count > 0`;
        if (decremented === 0) throw new Refused("AWARD_OUT_OF_STOCK");
        const used = await tx.userTakeActivity.updateMany({ where: { takeId: o.takeId, state: 0 }, data: { state: 1 } });
        if (used.count === 0) throw new Refused("TAKE_ALREADY_USED");
        await tx.userStrategyExport.create({
          data: {
            orderId: o.orderId,
            uId: o.uId,
            activityId: BigInt(o.activityId),
            strategyId: BigInt(o.strategyId),
            strategyMode: o.strategyMode,
            grantType: o.grantType,
            grantDate: o.createdAt,
            awardId: o.awardId,
            awardType: o.awardType,
            awardName: o.awardName,
            awardContent: o.awardContent,
            shippingAddress: (o.shippingAddress ?? undefined) as Prisma.InputJsonValue | undefined,
            uuid: o.takeId.toString(),
            grantState: o.grantState,
            mqState: o.mqState,
            createdAt: o.createdAt,
          },
        });
      }, TRANSACTION_OPTIONS);
      return "SAVED";
    } catch (error) {
      if (error instanceof Refused) return error.outcome;
      throw error;
    }
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
