import { invoiceOf } from "../../domain/award/invoice.message";
import type { DrawOrderRepository } from "../../domain/award/draw-order.repository";
import type { OutboxRepository } from "../../domain/award/outbox.repository";
import type { InvoicePublisher } from "../ports/invoice-publisher.port";
import type { Logger } from "../ports/logger.port";

export interface ResendSettings {
  batchSize: number;
  staleAfterMs: number;
  /** Batches per pass at most, so one pass stays bounded while a backlog drains. */
  maxBatches: number;
  /** How long a claim keeps other scanners off an order; longer than a send can take. */
  leaseMs: number;
}

export interface ResendResult {
  resent: number;
  failed: number;
  /** The first error of the pass, if any. */
  error?: string;
}

/**
 * The invoice scanner (seeds/004): re-sends every invoice whose send failed or never finished.
 * Each batch is claimed with a lease in one short statement and sent outside any row lock, so
 * grants of the same orders never wait on a send, and two scanners (or the CLI) never send one
 * order at the same time. The outcome is recorded with the order's own send transitions, as
 * compare-and-sets: COMPLETE never goes back to FAIL. One log line per pass.
 */
export class ResendStuckInvoicesUseCase {
  constructor(
    private readonly outbox: OutboxRepository,
    private readonly orders: DrawOrderRepository,
    private readonly publisher: InvoicePublisher,
    private readonly settings: ResendSettings,
    private readonly log: Logger,
  ) {}

  async execute(): Promise<ResendResult> {
    const result: ResendResult = { resent: 0, failed: 0 };
    const { batchSize, staleAfterMs, maxBatches, leaseMs } = this.settings;
    for (let batch = 0; batch < maxBatches; batch++) {
      const claimed = await this.outbox.claimStuck(batchSize, staleAfterMs, leaseMs);
      if (claimed.length === 0) break;
      const ids = claimed.map((order) => order.orderId);
      try {
        await this.publisher.publishBatch(claimed.map(invoiceOf));
      } catch (error) {
        // The broker is away: these stay stuck, their claims end, and the next pass tries again.
        result.failed += claimed.length;
        result.error ??= (error as Error).message;
        await this.orders.markSendFailed(ids);
        await this.outbox.releaseClaims(ids);
        break;
      }
      // Sent. Should this write fail, the claims run out and the orders are sent once more,
      // which delivery absorbs (one award_delivery per order).
      await this.orders.markSent(ids);
      result.resent += claimed.length;
      if (claimed.length < batchSize) break;
    }
    if (result.failed > 0) this.log.warn({ ...result }, "invoice scanner pass: re-sends failed; they stay stuck for the next pass");
    else if (result.resent > 0) this.log.info({ ...result }, "invoice scanner pass");
    return result;
  }
}
