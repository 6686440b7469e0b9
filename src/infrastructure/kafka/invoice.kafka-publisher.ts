import type { InvoicePublisher } from "../../application/ports/invoice-publisher.port";
import type { InvoiceMessage } from "../../domain/award/invoice.message";
import type { KafkaClient } from "./kafka-client";
import { INVOICE_TOPIC } from "./kafka-topics";

/** Invoices go to `lottery_invoice` keyed by uId (a user's invoices stay in order), with header message-id = orderId. */
export class KafkaInvoicePublisher implements InvoicePublisher {
  constructor(
    private readonly kafka: KafkaClient,
    private readonly sendTimeoutMs: number,
    private readonly topic: string = INVOICE_TOPIC,
  ) {}

  async publish(invoice: InvoiceMessage): Promise<void> {
    await this.publishBatch([invoice]);
  }

  async publishBatch(invoices: InvoiceMessage[]): Promise<void> {
    if (invoices.length === 0) return;
    await this.kafka.send(
      this.topic,
      invoices.map((invoice) => ({ key: invoice.uId, value: JSON.stringify(invoice), headers: { "message-id": invoice.orderId } })),
      this.sendTimeoutMs,
    );
  }
}
