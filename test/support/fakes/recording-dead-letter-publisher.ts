import type { RecordedDeadLetter } from "../../../src/application/ports/dead-letter-log.port";
import type { DeadLetterPublisher, RawInvoice } from "../../../src/application/ports/dead-letter-publisher.port";
import { OutageSwitch } from "./outage-switch";

/** A DeadLetterPublisher that keeps what it sent; its outage plays a broker that is away. */
export class RecordingDeadLetterPublisher implements DeadLetterPublisher {
  readonly sent: { letter: RecordedDeadLetter; message: RawInvoice }[] = [];
  readonly outage = new OutageSwitch("kafka");

  async publish(letters: readonly { letter: RecordedDeadLetter; message: RawInvoice }[]): Promise<void> {
    this.outage.check();
    this.sent.push(...letters);
  }
}
