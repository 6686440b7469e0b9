import type { InvoiceMessage } from "../../domain/award/invoice.message";

/** Sends an invoice to the delivery pipeline; resolves once the broker has it, rejects otherwise (bounded in time). */
export interface InvoicePublisher {
  publish(invoice: InvoiceMessage): Promise<void>;
}
