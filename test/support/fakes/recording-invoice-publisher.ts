import type { InvoicePublisher } from "../../../src/application/ports/invoice-publisher.port";
import type { SendOutcomeRecorder } from "../../../src/application/draw/invoice-dispatcher";
import type { InvoiceMessage } from "../../../src/domain/award/invoice.message";

/** An InvoicePublisher that keeps what it was asked to send; `failing` makes every send fail. */
export class RecordingInvoicePublisher implements InvoicePublisher {
  readonly batches: InvoiceMessage[][] = [];
  failing = false;
  /** Resolves each send only when the test says so, when set. */
  gate: Promise<void> | undefined;

  async publish(invoice: InvoiceMessage): Promise<void> {
    await this.publishBatch([invoice]);
  }

  async publishBatch(invoices: InvoiceMessage[]): Promise<void> {
    await this.gate;
    if (this.failing) throw new Error("broker away");
    this.batches.push(invoices);
  }

  get sent(): string[] {
    return this.batches.flat().map((invoice) => invoice.orderId);
  }
}

/** A SendOutcomeRecorder in memory: mq_state per order id, with the compare-and-set rules. */
export class InMemorySendOutcomes implements SendOutcomeRecorder {
  readonly state = new Map<string, "INIT" | "COMPLETE" | "FAIL">();
  failing = false;

  async markSent(orderIds: bigint[]): Promise<void> {
    if (this.failing) throw new Error("database away");
    for (const id of orderIds) this.state.set(id.toString(), "COMPLETE");
  }

  async markSendFailed(orderIds: bigint[]): Promise<void> {
    if (this.failing) throw new Error("database away");
    for (const id of orderIds) if (this.state.get(id.toString()) !== "COMPLETE") this.state.set(id.toString(), "FAIL");
  }
}
