import { createHash } from "node:crypto";
import type { Activity } from "../../domain/activity/activity.entity";
import { DrawOrder } from "../../domain/award/draw-order.entity";
import type { RandomSource } from "../../domain/strategy/random-source";
import type { Strategy } from "../../domain/strategy/strategy.entity";
import { isDependencyUnavailable } from "../../shared/errors";
import { err, ok, type Result } from "../../shared/result";
import type { ActivityReads } from "../ports/activity-reads.port";
import type { ActivityStock, StockRecords } from "../ports/activity-stock.port";
import type { Clock } from "../ports/clock.port";
import type { DrawEntry, DrawLedger, LedgerOutcome, RecordedDraw } from "../ports/draw-ledger.port";
import type { IdGenerator } from "../ports/id-generator.port";
import type { IdempotencyStore } from "../ports/idempotency-store.port";
import type { Logger } from "../ports/logger.port";
import { answerFromStored, storedAnswerOf } from "./draw-answer";
import type { DrawCommand, DrawOutcome } from "./draw-outcome";
import { DrawError, idempotencyKeyInUse, idempotencyKeyReused } from "./draw.errors";
import type { InvoiceDispatcher } from "./invoice-dispatcher";

export type { DrawCommand, DrawOutcome } from "./draw-outcome";

export interface DrawDependencies {
  activities: ActivityReads;
  stock: ActivityStock;
  stockRecords: StockRecords;
  ledger: DrawLedger;
  dispatcher: InvoiceDispatcher;
  idempotency: IdempotencyStore;
  ids: IdGenerator;
  random: RandomSource;
  clock: Clock;
  log: Logger;
}

/**
 * A unit can turn out to be held already only after the live stock was rebuilt while draws were
 * in flight; each such unit is found once and dropped. Past this many in a row, something else is wrong.
 */
const MAX_UNIT_ATTEMPTS = 20;

/**
 * The ActivityProcess (seeds/004): partake → draw → persist → publish. Partake takes a unit of
 * live stock; the draw picks the awards to try; persist writes the take, the user's counter, the
 * award's stock and the order in one statement; publish hands the invoice to the dispatcher,
 * which sends it after the user has the answer.
 */
export class DrawUseCase {
  constructor(private readonly deps: DrawDependencies) {}

  async execute(command: DrawCommand): Promise<Result<DrawOutcome, DrawError>> {
    const result = command.idempotencyKey === undefined ? await this.draw(command, null) : await this.idempotentDraw(command, command.idempotencyKey);
    if (!result.ok) this.deps.log.debug({ uId: command.uId, activityId: command.activityId, result: result.error.code }, "draw refused");
    return result;
  }

  /**
   * DOMAIN.md, Idempotency: the key belongs to the user and the route; a retry gets the first
   * answer; a different body is refused; a running first request makes a retry wait. Redis keeps
   * answers for quick replays, the take row keeps the draw itself: when Redis forgot the key, the
   * write meets the take's unique key and the answer is rebuilt from the take.
   */
  private async idempotentDraw(command: DrawCommand, key: string): Promise<Result<DrawOutcome, DrawError>> {
    const { idempotency, log } = this.deps;
    const scope = `draw:${command.uId}:${key}`;
    const requestHash = requestHashOf(command);
    const claim = await idempotency.claim(scope, requestHash);
    if (claim.kind !== "CLAIMED") {
      if (claim.requestHash !== requestHash) return err(idempotencyKeyReused());
      if (claim.kind === "ANSWERED") {
        const earlier = answerFromStored(claim.answer);
        return earlier instanceof DrawError ? err(earlier) : ok(earlier);
      }
      // Still claimed: the first request is running, or died after its commit and before it
      // could remember its answer. A take row says which.
      const recorded = await this.deps.ledger.findByIdempotencyKey(command.uId, key);
      return recorded ? this.replay(recorded, requestHash) : err(idempotencyKeyInUse());
    }
    let result: Result<DrawOutcome, DrawError>;
    try {
      result = await this.draw(command, { key, requestHash });
    } catch (error) {
      await idempotency.release(scope).catch(() => undefined);
      throw error;
    }
    if (!result.ok && result.error.code === "IDEMPOTENCY_KEY_REUSED") {
      await idempotency.release(scope).catch(() => undefined);
      return result;
    }
    // Not remembering costs only a slower replay (from the take row), never a second draw.
    await idempotency
      .remember(scope, requestHash, storedAnswerOf(result.ok ? result.value : result.error))
      .catch((error: Error) => log.warn({ uId: command.uId, err: error.message }, "could not remember an idempotent answer"));
    return result;
  }

  private async draw(command: DrawCommand, idempotency: DrawEntry["idempotency"]): Promise<Result<DrawOutcome, DrawError>> {
    const arrivedAt = this.deps.clock.now();
    const activity = await this.openActivity(command.activityId, arrivedAt);
    if (!activity.ok) return activity;
    const strategy = await this.strategyOf(activity.value);

    for (let attempt = 1; attempt <= MAX_UNIT_ATTEMPTS; attempt++) {
      // 1. partake: one unit of the activity's live stock.
      const takeId = this.deps.ids.nextId();
      const unit = await this.deps.stock.take(command.activityId, takeId, () => this.deps.stockRecords.layout(command.activityId));
      if (unit === null) return err(new DrawError("ACTIVITY_OUT_OF_STOCK", `activity ${command.activityId} has no stock left`));

      // 2. draw: the awards to try, in order; their stock is checked as the draw is written.
      const entry = this.entryFor(command, activity.value, strategy, takeId, unit, idempotency);

      // 3. persist: all of the draw in one statement, or nothing.
      const outcome = await this.record(entry);
      if (outcome.kind === "UNIT_ALREADY_USED") {
        await this.deps.stock.discard(command.activityId, takeId);
        continue;
      }
      if (outcome.kind !== "RECORDED") {
        await this.deps.stock.giveBack(command.activityId, takeId, unit).catch(() => undefined);
        return this.refused(outcome, command, idempotency);
      }
      // The reconciler confirms it from the take row if this is lost.
      void this.deps.stock.confirm(command.activityId, takeId).catch(() => undefined);

      // 4. publish: the invoice goes out after the answer; a crash leaves mq_state 0 for the scanner.
      if (!outcome.won) return this.answered(command, { result: "LOSE", takeId, replayed: false });
      const order = DrawOrder.win(
        {
          orderId: entry.orderId,
          uId: command.uId,
          activityId: command.activityId,
          strategyId: strategy.strategyId,
          strategyMode: strategy.mode,
          grantType: strategy.grantType,
          ...outcome.won,
          takeId,
          shippingAddress: command.shippingAddress,
        },
        outcome.takenAt,
      );
      this.deps.dispatcher.dispatch(order);
      return this.answered(command, { result: "WIN", takeId, order, replayed: false });
    }
    throw new Error(`activity ${command.activityId}: ${MAX_UNIT_ATTEMPTS} stock units in a row were held already; is the live stock reconciler running?`);
  }

  /** A cached "open" is a pre-check only; anything else is read again before it is believed. */
  private async openActivity(activityId: number, now: Date): Promise<Result<Activity, DrawError>> {
    const { activities } = this.deps;
    let activity = await activities.findActivity(activityId);
    if (!activity?.isOpenAt(now)) activity = await activities.reloadActivity(activityId, now.getTime());
    if (!activity) return err(new DrawError("ACTIVITY_NOT_FOUND", `activity ${activityId} does not exist`));
    if (!activity.isOpenAt(now)) return err(notOpen(activityId));
    return ok(activity);
  }

  private async strategyOf(activity: Activity): Promise<Strategy> {
    const strategy = await this.deps.activities.findStrategy(activity.strategyId);
    if (!strategy) throw new Error(`activity ${activity.activityId} refers to missing strategy ${activity.strategyId}`);
    return strategy;
  }

  private entryFor(
    command: DrawCommand,
    activity: Activity,
    strategy: Strategy,
    takeId: bigint,
    stockUnit: number,
    idempotency: DrawEntry["idempotency"],
  ): DrawEntry {
    const outOfStock = new Set(strategy.awards.filter((award) => award.surplus === 0).map((award) => award.awardId));
    const props = activity.toProps();
    return {
      takeId,
      orderId: this.deps.ids.nextId(),
      uId: command.uId,
      activityId: props.activityId,
      activityName: props.name,
      strategyId: strategy.strategyId,
      strategyMode: strategy.mode,
      grantType: strategy.grantType,
      takeLimit: props.takeCount,
      stockUnit,
      candidates: strategy.drawPreference(outOfStock, this.deps.random),
      shippingAddress: command.shippingAddress,
      idempotency,
    };
  }

  /** Writes the draw; the unit goes back unless the write may have committed. */
  private async record(entry: DrawEntry): Promise<LedgerOutcome> {
    try {
      return await this.deps.ledger.record(entry);
    } catch (error) {
      // An unknown outcome keeps the unit pending: the reconciler learns from the take row later.
      const mayHaveCommitted = isDependencyUnavailable(error) && error.outcomeUnknown;
      if (!mayHaveCommitted) await this.deps.stock.giveBack(entry.activityId, entry.takeId, entry.stockUnit).catch(() => undefined);
      throw error;
    }
  }

  private async refused(
    outcome: Exclude<LedgerOutcome, { kind: "RECORDED" } | { kind: "UNIT_ALREADY_USED" }>,
    command: DrawCommand,
    idempotency: DrawEntry["idempotency"],
  ): Promise<Result<DrawOutcome, DrawError>> {
    switch (outcome.kind) {
      case "NOT_OPEN":
        // The cached activity was stale: the next draws read it again.
        void this.deps.activities.reloadActivity(command.activityId, Date.now()).catch(() => undefined);
        return err(notOpen(command.activityId));
      case "TAKE_LIMIT_REACHED":
        return err(new DrawError("TAKE_LIMIT_REACHED", `user ${command.uId} has used all draws of activity ${command.activityId}`));
      case "IDEMPOTENCY_KEY_USED":
        return this.replayRecorded(command.uId, idempotency as NonNullable<DrawEntry["idempotency"]>);
    }
  }

  /** The key met the take row of an earlier draw of this user: answer as that draw did. */
  private async replayRecorded(uId: string, idempotency: NonNullable<DrawEntry["idempotency"]>): Promise<Result<DrawOutcome, DrawError>> {
    const recorded = await this.deps.ledger.findByIdempotencyKey(uId, idempotency.key);
    if (!recorded) throw new Error(`user ${uId}: the Idempotency-Key was refused as used, but no take records it`);
    return this.replay(recorded, idempotency.requestHash);
  }

  private replay(recorded: RecordedDraw, requestHash: string): Result<DrawOutcome, DrawError> {
    if (recorded.requestHash !== requestHash) return err(idempotencyKeyReused());
    if (recorded.order) return ok({ result: "WIN", takeId: recorded.takeId, order: recorded.order, replayed: true });
    return ok({ result: "LOSE", takeId: recorded.takeId, replayed: true });
  }

  private answered(command: DrawCommand, outcome: DrawOutcome): Result<DrawOutcome, DrawError> {
    this.deps.log.debug(
      {
        uId: command.uId,
        activityId: command.activityId,
        takeId: outcome.takeId.toString(),
        orderId: outcome.result === "WIN" ? outcome.order.orderId.toString() : undefined,
        result: outcome.result,
      },
      "draw answered",
    );
    return ok(outcome);
  }
}

function notOpen(activityId: number): DrawError {
  return new DrawError("ACTIVITY_NOT_OPEN", `activity ${activityId} is not open for draws (state or time window)`);
}

/** What makes two requests with one key the same request: the uId is in the key's scope already. */
function requestHashOf(command: DrawCommand): string {
  const address = command.shippingAddress === null ? null : Object.entries(command.shippingAddress).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return createHash("sha256").update(JSON.stringify([command.activityId, address])).digest("hex").slice(0, 64);
}
