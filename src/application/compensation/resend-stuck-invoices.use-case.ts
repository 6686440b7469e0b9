import { OrderProgress } from "../../domain/award/draw-order.entity";
import { invoiceOf } from "../../domain/award/invoice.message";
import type { OutboxRepository } from "../../domain/award/outbox.repository";
import type { InvoicePublisher } from "../ports/invoice-publisher.port";
import type { Logger } from "../ports/logger.port";

export interface ResendSettings {
  batchSize: number;
  staleAfterMs: number;
  /** Batches per run at most, so one run stays bounded while a backlog drains. */
  maxBatches: number;
}

/**
 * The invoice scanner (seeds/004): re-sends every invoice whose send failed or never finished.
 * Safe with several workers: each batch is claimed with FOR UPDATE SKIP LOCKED.
 */
export class ResendStuckInvoicesUseCase {
  constructor(
    private readonly outbox: OutboxRepository,
    private readonly publisher: InvoicePublisher,
    private readonly settings: ResendSettings,
    private readonly log: Logger,
  ) {}

  async execute(): Promise<{ resent: number; failed: number }> {
    let resent = 0;
    let failed = 0;
    for (let batch = 0; batch < this.settings.maxBatches; batch++) {
      let outcome = OrderProgress.FAIL as OrderProgress;
      const claimed = await this.outbox.resendStuck(this.settings.batchSize, this.settings.staleAfterMs, async (orders) => {
        const invoices = orders.map(invoiceOf);
        try {
          await this.publisher.publishBatch(invoices);
          outcome = OrderProgress.COMPLETE;
        } catch (error) {
          outcome = OrderProgress.FAIL;
          for (const invoice of invoices) {
            this.log.warn({ orderId: invoice.orderId, uId: invoice.uId, err: (error as Error).message }, "invoice re-send failed; stays at mq_state FAIL");
          }
          return outcome;
        }
        // One line per order, so an order's whole story can be found by its id.
        for (const invoice of invoices) this.log.info({ orderId: invoice.orderId, uId: invoice.uId }, "invoice re-sent");
        return outcome;
      });
      if (claimed === 0) break;
      if (outcome !== OrderProgress.COMPLETE) {
        // The broker is away: stop this run and leave the rest for the next one.
        failed += claimed;
        break;
      }
      resent += claimed;
      if (claimed < this.settings.batchSize) break;
    }
    if (resent + failed > 0) this.log.info({ resent, failed }, "stuck invoices re-sent");
    return { resent, failed };
  }
}
