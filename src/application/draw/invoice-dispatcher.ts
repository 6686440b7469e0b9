import type { DrawOrder } from "../../domain/award/draw-order.entity";
import { invoiceOf, type InvoiceMessage } from "../../domain/award/invoice.message";
import type { InvoicePublisher } from "../ports/invoice-publisher.port";
import type { Logger } from "../ports/logger.port";

/** Records the outcome of invoice sends on their orders, many at a time, by compare-and-set. */
export interface SendOutcomeRecorder {
  /** mq_state COMPLETE for these orders, from INIT or FAIL. */
  markSent(orderIds: bigint[]): Promise<void>;
  /** mq_state FAIL for these orders, only from INIT: COMPLETE never goes back to FAIL. */
  markSendFailed(orderIds: bigint[]): Promise<void>;
}

export interface DispatchSettings {
  /** How long the first invoice of a batch waits for others to join it. */
  lingerMs: number;
  /** Invoices per Kafka request at most. */
  maxBatch: number;
  /** Batches being sent at once at most. */
  maxInFlight: number;
  /** Invoices waiting at most; beyond it the oldest are left to the scanner (mq_state FAIL). */
  maxQueued: number;
}

/** How often, at most, the dispatcher logs that sends or their records fail. */
const WARN_EVERY_MS = 5000;

/**
 * Sends the invoices of committed wins after the user has had the answer (seeds/004: the send's
 * callback sets mq_state). Invoices wait up to `lingerMs` to share a Kafka request; the outcome of
 * each request is recorded on its orders in one statement. A crash loses only what was waiting:
 * those orders keep mq_state 0 and the scanner re-sends them. stop() sends what is left.
 */
export class InvoiceDispatcher {
  private queue: InvoiceMessage[] = [];
  private inFlight = 0;
  private timer: NodeJS.Timeout | undefined;
  private idle: Array<() => void> = [];
  private lastWarnAt = 0;
  /** When the oldest invoice waiting was queued. */
  private queuedSince = 0;
  private draining = false;
  private suppressedWarnings = 0;

  constructor(
    private readonly publisher: InvoicePublisher,
    private readonly orders: SendOutcomeRecorder,
    private readonly settings: DispatchSettings,
    private readonly log: Logger,
  ) {}

  dispatch(order: DrawOrder): void {
    if (this.queue.length === 0) this.queuedSince = Date.now();
    this.queue.push(invoiceOf(order));
    if (this.queue.length > this.settings.maxQueued) this.overflow();
    if (this.queue.length >= this.settings.maxBatch) this.sendSoon(0);
    else this.sendSoon(this.settings.lingerMs);
  }

  /** Invoices not yet sent (waiting or on their way). */
  get pending(): number {
    return this.queue.length + this.inFlight;
  }

  /** Sends everything waiting and resolves once every send and its record have finished. */
  async drain(): Promise<void> {
    clearTimeout(this.timer);
    this.timer = undefined;
    this.draining = true;
    try {
      this.startSends();
      if (this.pending === 0) return;
      await new Promise<void>((resolve) => this.idle.push(resolve));
    } finally {
      this.draining = false;
    }
  }

  private sendSoon(delayMs: number): void {
    if (this.timer !== undefined && delayMs > 0) return;
    clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.startSends();
    }, delayMs);
  }

  private startSends(): void {
    while (this.queue.length > 0 && this.inFlight < this.settings.maxInFlight) {
      const batch = this.queue.splice(0, this.settings.maxBatch);
      this.inFlight++;
      void this.send(batch).finally(() => {
        this.inFlight--;
        if (this.queue.length > 0) this.afterSend();
        else if (this.inFlight === 0) for (const resolve of this.idle.splice(0)) resolve();
      });
    }
  }

  private async send(batch: InvoiceMessage[]): Promise<void> {
    const orderIds = batch.map((invoice) => BigInt(invoice.orderId));
    let sent = true;
    try {
      await this.publisher.publishBatch(batch);
    } catch (error) {
      sent = false;
      this.warn({ invoices: batch.length, err: (error as Error).message }, "invoice send failed; the scanner will re-send these orders");
    }
    try {
      await (sent ? this.orders.markSent(orderIds) : this.orders.markSendFailed(orderIds));
    } catch (error) {
      // The orders keep mq_state 0; the scanner's age rule finds them and sends them again.
      this.warn({ invoices: batch.length, err: (error as Error).message }, "could not record invoice sends; the scanner will re-send these orders");
    }
  }

  /**
   * Invoices that arrived during a send keep their linger: sending them the moment the send ends
   * would shrink every batch to what one round trip to the broker collects. A full batch, a
   * drain, or a linger that ran out while the sends in flight were at their limit goes at once.
   */
  private afterSend(): void {
    if (this.draining || this.queue.length >= this.settings.maxBatch) this.startSends();
    else if (this.timer === undefined) this.sendSoon(Math.max(0, this.queuedSince + this.settings.lingerMs - Date.now()));
  }

  /** Too much is waiting (the broker is away): the oldest are left to the scanner. */
  private overflow(): void {
    const dropped = this.queue.splice(0, this.queue.length - this.settings.maxQueued);
    this.warn({ invoices: dropped.length }, "invoice queue full; the scanner will send the oldest");
    void this.orders.markSendFailed(dropped.map((invoice) => BigInt(invoice.orderId))).catch(() => undefined);
  }

  private warn(fields: object, message: string): void {
    const now = Date.now();
    if (now - this.lastWarnAt < WARN_EVERY_MS) {
      this.suppressedWarnings++;
      return;
    }
    this.log.warn({ ...fields, similarSinceLastLine: this.suppressedWarnings }, message);
    this.lastWarnAt = now;
    this.suppressedWarnings = 0;
  }
}
