import type { Logger } from "../ports/logger.port";
import type { Activity } from "../../domain/activity/activity.entity";
import type { ActivityRepository } from "../../domain/activity/activity.repository";
import type { PartakeRepository } from "../../domain/activity/partake.repository";
import type { Take } from "../../domain/activity/take.entity";
import { DrawOrder, OrderProgress, type ShippingAddress } from "../../domain/award/draw-order.entity";
import type { DrawOrderRepository } from "../../domain/award/draw-order.repository";
import { invoiceOf } from "../../domain/award/invoice.message";
import type { RandomSource } from "../../domain/strategy/random-source";
import type { Strategy } from "../../domain/strategy/strategy.entity";
import { StrategyMode } from "../../domain/strategy/strategy-mode";
import { err, ok, type Result } from "../../shared/result";
import type { ActivityStockCache } from "../ports/activity-stock.port";
import type { Clock } from "../ports/clock.port";
import type { IdGenerator } from "../ports/id-generator.port";
import type { InvoicePublisher } from "../ports/invoice-publisher.port";
import { DrawError } from "./draw.errors";

export interface DrawCommand {
  uId: string;
  activityId: number;
  shippingAddress: ShippingAddress | null;
}

export type DrawOutcome = { result: "WIN"; takeId: bigint; order: DrawOrder } | { result: "LOSE"; takeId: bigint };

export interface DrawDependencies {
  activities: ActivityRepository;
  partake: PartakeRepository;
  stock: ActivityStockCache;
  orders: DrawOrderRepository;
  publisher: InvoicePublisher;
  ids: IdGenerator;
  random: RandomSource;
  clock: Clock;
  log: Logger;
  /** An unused take older than this belongs to a draw that crashed half-way and is reused. */
  takeReuseAfterMs: number;
}

/** Another request used the same take first (a reused take raced); the draw starts over once. */
const MAX_ATTEMPTS = 2;

/**
 * The ActivityProcess (seeds/004): partake → draw → persist → publish. The user learns the
 * result at once; delivery follows asynchronously from the invoice.
 */
export class DrawUseCase {
  constructor(private readonly deps: DrawDependencies) {}

  async execute(command: DrawCommand): Promise<Result<DrawOutcome, DrawError>> {
    const activity = await this.deps.activities.findActivity(command.activityId);
    if (!activity) return err(new DrawError("ACTIVITY.NOT_FOUND", `activity ${command.activityId} does not exist`));
    if (!activity.isOpenAt(this.deps.clock.now())) {
      return err(new DrawError("ACTIVITY.NOT_OPEN", `activity ${command.activityId} is not open for draws (state or time window)`));
    }
    for (let attempt = 1; ; attempt++) {
      // 1. partake: take one unit of activity stock, or reuse the take of a draw that crashed.
      const take = await this.partake(command.uId, activity);
      if (!take.ok) return take;

      // 2. draw and 3. persist, in one step: a prize is only won once its stock is decremented.
      const outcome = await this.drawAndPersist(command, activity, take.value);
      if (outcome === "TAKE_ALREADY_USED") {
        if (attempt < MAX_ATTEMPTS) continue;
        throw new Error(`take ${take.value.takeId} was used by a concurrent draw twice in a row`);
      }

      // 4. publish: after commit; a failed send leaves mq_state 2 for the scanner, never fails the draw.
      if (outcome.result === "WIN") await this.publish(outcome.order);
      return ok(outcome);
    }
  }

  private async partake(uId: string, activity: Activity): Promise<Result<Take, DrawError>> {
    const { partake, stock, ids, clock } = this.deps;
    const reusable = await partake.findUnusedTake(uId, activity.activityId, new Date(clock.now().getTime() - this.deps.takeReuseAfterMs));
    if (reusable) return ok(reusable);

    const takeId = ids.nextId();
    const props = activity.toProps();
    let liveStockTaken = false;
    try {
      const outcome = await partake.recordTake(
        { takeId, uId, activityId: props.activityId, activityName: props.name, strategyId: props.strategyId, takeCount: props.takeCount },
        async (remainingInDatabase) => {
          liveStockTaken = (await stock.take(props.activityId, takeId, remainingInDatabase)) === "TAKEN";
          return liveStockTaken;
        },
      );
      if (outcome.kind === "TAKEN") return ok(outcome.take);
      if (liveStockTaken) await stock.giveBack(props.activityId, takeId);
      if (outcome.kind === "TAKE_LIMIT_REACHED") {
        return err(new DrawError("TAKE.LIMIT_REACHED", `user ${uId} has used all ${props.takeCount} draws of activity ${props.activityId}`));
      }
      return err(new DrawError("ACTIVITY.OUT_OF_STOCK", `activity ${props.activityId} has no stock left`));
    } catch (error) {
      // The take was not recorded: hand the unit back so stock is not lost with it.
      if (liveStockTaken) await stock.giveBack(props.activityId, takeId).catch(() => undefined);
      throw error;
    }
  }

  private async drawAndPersist(command: DrawCommand, activity: Activity, take: Take): Promise<DrawOutcome | "TAKE_ALREADY_USED"> {
    const strategy = await this.strategyOf(activity);
    const outOfStock = new Set(strategy.awards.filter((award) => award.surplus === 0).map((award) => award.awardId));
    for (;;) {
      const awardId = strategy.draw(outOfStock, this.deps.random);
      if (awardId === null) break;
      const order = this.orderFor(command, activity, strategy, awardId, take);
      const saved = await this.deps.orders.saveWin(order);
      if (saved === "SAVED") return { result: "WIN", takeId: take.takeId, order };
      if (saved === "TAKE_ALREADY_USED") return saved;
      // The award sold out since the strategy was read: ENTIRETY draws again among the rest, SINGLE loses.
      if (strategy.mode === StrategyMode.SINGLE) break;
      outOfStock.add(awardId);
    }
    const lost = await this.deps.orders.saveLoss(take.takeId);
    return lost === "SAVED" ? { result: "LOSE", takeId: take.takeId } : lost;
  }

  private async strategyOf(activity: Activity): Promise<Strategy> {
    const strategy = await this.deps.activities.findStrategy(activity.strategyId);
    if (!strategy) throw new Error(`activity ${activity.activityId} refers to missing strategy ${activity.strategyId}`);
    return strategy;
  }

  private orderFor(command: DrawCommand, activity: Activity, strategy: Strategy, awardId: string, take: Take): DrawOrder {
    const award = strategy.award(awardId);
    if (!award) throw new Error(`strategy ${strategy.strategyId} drew unknown award ${awardId}`);
    return DrawOrder.win(
      {
        orderId: this.deps.ids.nextId(),
        uId: command.uId,
        activityId: activity.activityId,
        strategyId: strategy.strategyId,
        strategyMode: strategy.mode,
        grantType: strategy.grantType,
        awardId,
        awardType: award.type,
        awardName: award.name,
        awardContent: award.content,
        takeId: take.takeId,
        shippingAddress: command.shippingAddress,
      },
      this.deps.clock.now(),
    );
  }

  private async publish(order: DrawOrder): Promise<void> {
    const { publisher, orders, log } = this.deps;
    const context = { orderId: order.orderId.toString(), takeId: order.takeId.toString(), uId: order.toProps().uId };
    let state = OrderProgress.COMPLETE;
    try {
      await publisher.publish(invoiceOf(order));
    } catch (error) {
      state = OrderProgress.FAIL;
      log.warn({ ...context, err: (error as Error).message }, "invoice send failed; the scanner will re-send it");
    }
    // If this update fails too, the order stays at mq_state 0 and the scanner's age rule finds it.
    await orders.markMqState(order.orderId, state).catch((error: Error) => log.error({ ...context, err: error.message }, "could not record mq_state"));
  }
}
