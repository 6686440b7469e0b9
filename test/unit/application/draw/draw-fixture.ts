/** The draw use case over in-memory fakes, shared by the draw specs. */
import { InvoiceDispatcher } from "../../../../src/application/draw/invoice-dispatcher";
import { DrawUseCase, type DrawCommand } from "../../../../src/application/draw/draw.use-case";
import type { Logger } from "../../../../src/application/ports/logger.port";
import { Activity } from "../../../../src/domain/activity/activity.entity";
import { ActivityState } from "../../../../src/domain/activity/activity-state";
import { Strategy } from "../../../../src/domain/strategy/strategy.entity";
import { InMemoryActivityReads } from "../../../support/fakes/in-memory-activity-reads";
import { InMemoryActivityStock } from "../../../support/fakes/in-memory-activity-stock";
import { InMemoryDrawLedger } from "../../../support/fakes/in-memory-draw-ledger";
import { InMemoryIdempotencyStore } from "../../../support/fakes/in-memory-idempotency-store";
import { InMemorySendOutcomes, RecordingInvoicePublisher } from "../../../support/fakes/recording-invoice-publisher";
import { SeededRandomSource } from "../../../support/seeded-random-source";
import { StrategyMother } from "../../../support/strategy.mother";

export const ACTIVITY_ID = 100001;
export const silent = { debug() {}, info() {}, warn() {}, error() {} };

export function activity(state: ActivityState, stockCount = 10, takeCount = 3): Activity {
  return Activity.restore({
    activityId: ACTIVITY_ID,
    name: "Reference",
    description: "",
    beginAt: new Date(Date.now() - 3600_000),
    endAt: new Date(Date.now() + 3600_000),
    stockCount,
    stockSurplusCount: stockCount,
    takeCount,
    strategyId: 10001,
    state,
    creator: "",
  });
}

export function setUp(options: { cached?: Activity | null; stored?: Activity | null; strategy?: Strategy; stockCount?: number; log?: Logger } = {}) {
  const strategy = options.strategy ?? StrategyMother.reference();
  const stockCount = options.stockCount ?? 10;
  const stored = options.stored === undefined ? activity(ActivityState.DOING, stockCount) : options.stored;
  const reads = new InMemoryActivityReads(options.cached === undefined ? stored : options.cached, stored, strategy);
  const stock = new InMemoryActivityStock();
  const ledger = new InMemoryDrawLedger(stockCount, strategy);
  const idempotency = new InMemoryIdempotencyStore();
  const publisher = new RecordingInvoicePublisher();
  const sendOutcomes = new InMemorySendOutcomes();
  const dispatcher = new InvoiceDispatcher(publisher, sendOutcomes, { lingerMs: 0, maxBatch: 100, maxInFlight: 1, maxQueued: 1000 }, silent);
  let id = 1000n;
  const draw = new DrawUseCase({
    activities: reads,
    stock,
    stockRecords: ledger,
    ledger,
    dispatcher,
    idempotency,
    ids: { nextId: () => id++ },
    random: new SeededRandomSource(7),
    clock: { now: () => new Date() },
    log: options.log ?? silent,
  });
  return { draw, reads, stock, ledger, idempotency, publisher, dispatcher, sendOutcomes };
}

export const command = (overrides: Partial<DrawCommand> = {}): DrawCommand => ({ uId: "xiaofuge", activityId: ACTIVITY_ID, shippingAddress: null, ...overrides });

