import type { AwardDistributorFactory } from "../../domain/award/award-distributor.factory";
import type { GrantRequest } from "../../domain/award/award-distributor";
import { awardTypeName, type AwardType } from "../../domain/award/award-type";
import type { DrawOrder } from "../../domain/award/draw-order.entity";
import { REGRANT_ORDER, type NewCompensationTask } from "../../domain/compensation/compensation-task.repository";
import type { DeadLetterEntry, DeadLetterLog, DeadLetterReason, InvoiceSource, RecordedDeadLetter } from "../ports/dead-letter-log.port";
import type { DeadLetterPublisher, RawInvoice } from "../ports/dead-letter-publisher.port";
import type { TransactionScope, UnitOfWork } from "../ports/unit-of-work.port";

/** One message of lottery_invoice: where it was read, as it was read, and what its value says. */
export interface InvoiceEnvelope {
  source: InvoiceSource;
  raw: RawInvoice;
  parsed: { ok: true; request: GrantRequest } | { ok: false; reason: string };
}

export type DeliveryOutcomeKind =
  /** Granted by this delivery. */
  | "GRANTED"
  /** An earlier delivery of the same order granted it; nothing was repeated. */
  | "ALREADY_GRANTED"
  /** PHYSICAL without an address: the shipment waits for PUT .../shipping-address. */
  | "AWAITING_ADDRESS"
  /** Dead-lettered: no such order here. */
  | "ORDER_NOT_FOUND"
  /** Dead-lettered: the value is not an invoice. */
  | "MALFORMED"
  /** Dead-lettered with grant_state FAIL and a compensation task: an award-level failure, or attempts ran out. */
  | "FAILED";

export interface DeliveryOutcome {
  kind: DeliveryOutcomeKind;
  orderId?: bigint;
  awardType?: AwardType;
  deliveryRef?: string;
  reason?: string;
}

export interface DeliveryReport {
  outcomes: DeliveryOutcome[];
  /** Dead letters sent to the topic by this call (some may be of an earlier try of the same messages). */
  deadLettered: RecordedDeadLetter[];
}

interface Item {
  request: GrantRequest;
  envelope?: InvoiceEnvelope;
}

interface Decisions {
  /** In the order of the items, whatever order they were decided in. */
  outcomes: DeliveryOutcome[];
  letters: DeadLetterEntry[];
  tasks: NewCompensationTask[];
  touched: DrawOrder[];
}

/**
 * Delivers invoices: a whole batch of them in one transaction. The orders are locked, each
 * invoice is checked against its order, the distributors decide for all orders of their award
 * type at once, and the orders' moves, the deliveries, the compensation tasks and the dead
 * letters to send are written together. Only then do the dead letters go to the topic, so a
 * batch that fails (a dependency away) leaves nothing behind and can simply be tried again,
 * and a batch that is delivered twice changes nothing the second time.
 */
export class DeliverInvoicesUseCase {
  constructor(
    private readonly distributors: AwardDistributorFactory,
    private readonly uow: UnitOfWork,
    private readonly deadLetterLog: DeadLetterLog,
    private readonly deadLetterPublisher: DeadLetterPublisher,
  ) {}

  /** Grants the invoices of `envelopes`, in their order, in one transaction; dead-letters what is bad. Throws if anything failed: nothing was written then. */
  async deliverBatch(envelopes: readonly InvoiceEnvelope[]): Promise<DeliveryReport> {
    const items: Item[] = [];
    const malformed: DeadLetterEntry[] = [];
    const outcomes: DeliveryOutcome[] = [];
    for (const envelope of envelopes) {
      if (envelope.parsed.ok) {
        items.push({ request: envelope.parsed.request, envelope });
      } else {
        malformed.push({ source: envelope.source, orderId: null, reason: "malformed", error: envelope.parsed.reason, attempts: 0 });
        outcomes.push({ kind: "MALFORMED", reason: envelope.parsed.reason });
      }
    }
    const { decided, recorded } = await this.uow.run(async (tx) => {
      const decisions = await this.decide(tx, items, 1);
      return { decided: decisions, recorded: await this.persist(tx, decisions, malformed) };
    });
    const deadLettered = await this.sendDeadLetters(recorded, envelopes);
    return { outcomes: [...outcomes, ...decided.outcomes], deadLettered };
  }

  /**
   * The message failed `attempts` times for a reason that is not an outage: it is dead-lettered,
   * its order (unless granted meanwhile) gets grant_state FAIL and a compensation task.
   */
  async giveUp(envelope: InvoiceEnvelope, reason: string, attempts: number): Promise<DeliveryReport> {
    if (!envelope.parsed.ok) return this.deliverBatch([envelope]);
    const request = envelope.parsed.request;
    const { outcome, recorded } = await this.uow.run(async (tx) => {
      const order = (await tx.orders.lockForGrant([request.orderId])).get(request.orderId);
      const decisions = new ItemDecisions();
      const item = { request, envelope };
      if (!order) this.notFound(decisions, item);
      else if (order.delivery) decisions.decided(item, { kind: "ALREADY_GRANTED", orderId: order.orderId, deliveryRef: order.delivery.deliveryRef });
      else this.fail(decisions, item, order, reason, attempts);
      return { outcome: decisions.outcomes[0], recorded: await this.persist(tx, decisions, []) };
    });
    return { outcomes: [outcome], deadLettered: await this.sendDeadLetters(recorded, [envelope]) };
  }

  /**
   * Grants one order without a message (compensation re-grants it): nothing is dead-lettered,
   * and a failure is thrown so the task is tried again later.
   */
  async grantOne(request: GrantRequest): Promise<DeliveryOutcome> {
    const { outcomes } = await this.uow.run(async (tx) => {
      const decisions = await this.decide(tx, [{ request }], 1);
      const failed = decisions.outcomes.find((o) => o.kind === "FAILED");
      if (failed) throw new Error(failed.reason);
      await this.persist(tx, decisions, []);
      return decisions;
    });
    return outcomes[0];
  }

  private async decide(tx: TransactionScope, items: readonly Item[], attempts: number): Promise<Decisions> {
    const decisions = await this.decideUnordered(tx, items, attempts);
    const position = new Map(items.map((item, i) => [item, i]));
    const ordered = decisions.outcomes.map((outcome, i) => ({ outcome, at: position.get(decisions.itemOf[i]) ?? i }));
    ordered.sort((a, b) => a.at - b.at);
    return { ...decisions, outcomes: ordered.map((o) => o.outcome) };
  }

  private async decideUnordered(tx: TransactionScope, items: readonly Item[], attempts: number): Promise<Decisions & { itemOf: Item[] }> {
    const decisions = new ItemDecisions();
    const locked = await tx.orders.lockForGrant([...new Set(items.map((item) => item.request.orderId))]);
    const firstOf = new Map<bigint, Item>();
    const toDistribute = new Map<AwardType, { item: Item; order: DrawOrder }[]>();
    for (const item of items) {
      const { orderId, awardType } = item.request;
      const order = locked.get(orderId);
      if (!order) {
        this.notFound(decisions, item);
        continue;
      }
      if (firstOf.has(orderId)) {
        // The same order twice in one batch: the first is granted, the second is a redelivery.
        decisions.decided(item, { kind: "ALREADY_GRANTED", orderId, awardType });
        continue;
      }
      firstOf.set(orderId, item);
      if (order.awardType !== awardType) {
        // The invoice and its order disagree: a bug upstream that no retry can fix.
        this.fail(decisions, item, order, `order ${orderId} is a ${awardTypeName(order.awardType) ?? order.awardType} prize, not ${awardTypeName(awardType)}`, attempts);
        continue;
      }
      if (order.delivery) {
        this.alreadyDelivered(decisions, item, order);
        continue;
      }
      const group = toDistribute.get(awardType);
      if (group) group.push({ item, order });
      else toDistribute.set(awardType, [{ item, order }]);
    }

    for (const [awardType, group] of toDistribute) {
      const distributor = this.distributors.distributorFor(awardType);
      if (!distributor) {
        for (const { item, order } of group) this.fail(decisions, item, order, `no distributor for award type ${awardType}`, attempts);
        continue;
      }
      const distributions = await distributor.distribute(
        group.map(({ item, order }) => ({ order, invoiceAddress: item.request.shippingAddress })),
        tx.ports,
      );
      const byOrder = new Map(distributions.map((d) => [d.orderId, d]));
      for (const { item, order } of group) {
        const distribution = byOrder.get(order.orderId);
        if (!distribution) throw new Error(`the ${awardTypeName(awardType)} distributor decided nothing for order ${order.orderId}`);
        if (distribution.kind === "REFUSED") {
          this.fail(decisions, item, order, distribution.reason, attempts);
          continue;
        }
        const delivery = { deliveryRef: distribution.deliveryRef, detail: distribution.detail };
        const moved = distribution.kind === "DELIVERED" ? order.grant(delivery) : order.awaitAddress(delivery);
        if (!moved.ok) throw new Error(moved.error.message);
        decisions.touched.push(order);
        decisions.decided(item, {
          kind: distribution.kind === "DELIVERED" ? "GRANTED" : "AWAITING_ADDRESS",
          orderId: order.orderId,
          awardType,
          deliveryRef: distribution.deliveryRef,
        });
      }
    }
    return decisions;
  }

  /** Writes the decisions on the transaction; the dead letters to send once it commits. */
  private async persist(tx: TransactionScope, decisions: Decisions, more: DeadLetterEntry[]): Promise<RecordedDeadLetter[]> {
    const missed = await tx.orders.save(decisions.touched);
    // The orders are locked by this transaction: a move that did not land is a bug, not a race.
    if (missed.length > 0) throw new Error(`orders ${missed.join(", ")} changed state under the grant's lock`);
    await tx.compensation.recordMany(decisions.tasks);
    const letters = [...more, ...decisions.letters];
    return letters.length > 0 ? tx.deadLetters.record(letters) : [];
  }

  private async sendDeadLetters(recorded: RecordedDeadLetter[], envelopes: readonly InvoiceEnvelope[]): Promise<RecordedDeadLetter[]> {
    if (recorded.length === 0) return [];
    const bySource = new Map(envelopes.map((e) => [sourceKey(e.source), e]));
    const letters = recorded.flatMap((letter) => {
      const envelope = bySource.get(sourceKey(letter.source));
      return envelope ? [{ letter, message: envelope.raw }] : [];
    });
    await this.deadLetterPublisher.publish(letters);
    await this.deadLetterLog.markSent(letters.map(({ letter }) => letter.id));
    return letters.map(({ letter }) => letter);
  }

  private alreadyDelivered(decisions: ItemDecisions, item: Item, order: DrawOrder): void {
    const settled = order.settleWithDelivery();
    if (settled && !settled.ok) throw new Error(settled.error.message);
    if (settled) decisions.touched.push(order);
    const delivery = order.delivery;
    decisions.decided(item, {
      kind: delivery?.deliveredAt === null ? "AWAITING_ADDRESS" : "ALREADY_GRANTED",
      orderId: order.orderId,
      awardType: order.awardType,
      deliveryRef: delivery?.deliveryRef,
    });
  }

  private notFound(decisions: ItemDecisions, item: Item): void {
    decisions.decided(item, { kind: "ORDER_NOT_FOUND", orderId: item.request.orderId, awardType: item.request.awardType });
    if (item.envelope) decisions.letters.push(this.letter(item, "unknown_order", "no order with this orderId", 1));
  }

  /** The grant failed for good this time: grant_state FAIL, a compensation task, and the message dead-lettered. */
  private fail(decisions: ItemDecisions, item: Item, order: DrawOrder, reason: string, attempts: number): void {
    const moved = order.failGrant();
    if (moved.ok) decisions.touched.push(order);
    const { request } = item;
    decisions.tasks.push({
      bizType: REGRANT_ORDER,
      bizId: request.orderId.toString(),
      context: {
        orderId: request.orderId.toString(),
        uId: request.uId,
        activityId: request.activityId,
        awardId: request.awardId,
        awardType: awardTypeName(request.awardType),
        attempts,
      },
      reason,
    });
    if (item.envelope) decisions.letters.push(this.letter(item, "failed", reason, attempts));
    decisions.decided(item, { kind: "FAILED", orderId: request.orderId, awardType: request.awardType, reason });
  }

  private letter(item: Item, reason: DeadLetterReason, error: string, attempts: number): DeadLetterEntry {
    return { source: item.envelope!.source, orderId: item.request.orderId, reason, error, attempts };
  }
}

/** The decisions of a transaction, each outcome with the item it answers. */
class ItemDecisions implements Decisions {
  readonly outcomes: DeliveryOutcome[] = [];
  readonly itemOf: Item[] = [];
  readonly letters: DeadLetterEntry[] = [];
  readonly tasks: NewCompensationTask[] = [];
  readonly touched: DrawOrder[] = [];

  decided(item: Item, outcome: DeliveryOutcome): void {
    this.outcomes.push(outcome);
    this.itemOf.push(item);
  }
}

function sourceKey(source: InvoiceSource): string {
  return `${source.topic}:${source.partition}:${source.offset}`;
}
