import type { InvoicePublisher } from "../../application/ports/invoice-publisher.port";
import type { InvoiceMessage } from "../../domain/award/invoice.message";
import type { Metrics } from "./metrics";

/** Counts every invoice send, from draws and from the scanner alike. */
export class MeteredInvoicePublisher implements InvoicePublisher {
  constructor(
    private readonly inner: InvoicePublisher,
    private readonly metrics: Metrics,
  ) {}

  publish(invoice: InvoiceMessage): Promise<void> {
    return this.publishBatch([invoice]);
  }

  async publishBatch(invoices: InvoiceMessage[]): Promise<void> {
    try {
      await this.inner.publishBatch(invoices);
      this.metrics.invoicesSent.inc({ outcome: "sent" }, invoices.length);
    } catch (error) {
      this.metrics.invoicesSent.inc({ outcome: "failed" }, invoices.length);
      throw error;
    }
  }
}
