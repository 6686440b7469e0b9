import type { InvoiceMessage } from "../../domain/award/invoice.message";

/** Sends an invoice to the delivery pipeline; resolves once the broker has it, rejects otherwise (bounded in time). */
export interface InvoicePublisher {
  publish(invoice: InvoiceMessage): Promise<void>;
  /** Sends many in one request; all or none are acknowledged. */
  publishBatch(invoices: InvoiceMessage[]): Promise<void>;
}
