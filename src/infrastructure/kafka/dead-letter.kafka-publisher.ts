import type { DeadLetterPublisher, RawInvoice } from "../../application/ports/dead-letter-publisher.port";
import type { RecordedDeadLetter } from "../../application/ports/dead-letter-log.port";
import type { KafkaClient } from "./kafka-client";
import { INVOICE_DEAD_LETTER_TOPIC, INVOICE_TOPIC, type InvoiceTopicNames } from "./kafka-topics";

/**
 * Dead letters go to lottery_invoice.dlq (or the configured dead-letter topic) with the original key, value and headers, plus x-reason
 * (malformed, unknown_order, failed), x-error, x-attempts, where the message was read, and the
 * consumer group that dead-lettered it (several groups may read the same topic).
 */
export class KafkaDeadLetterPublisher implements DeadLetterPublisher {
  constructor(
    private readonly kafka: KafkaClient,
    private readonly sendTimeoutMs: number,
    private readonly consumerGroup: string,
    private readonly topics: InvoiceTopicNames = { invoiceTopic: INVOICE_TOPIC, deadLetterTopic: INVOICE_DEAD_LETTER_TOPIC },
  ) {}

  async publish(letters: readonly { letter: RecordedDeadLetter; message: RawInvoice }[]): Promise<void> {
    if (letters.length === 0) return;
    await this.kafka.send(
      this.topics.deadLetterTopic,
      letters.map(({ letter, message }) => ({
        key: message.key,
        value: message.value,
        headers: {
          ...message.headers,
          "x-reason": letter.reason,
          "x-error": letter.error.slice(0, 1000),
          "x-attempts": String(letter.attempts),
          "x-original-topic": this.topics.invoiceTopic,
          "x-original-partition": String(letter.source.partition),
          "x-original-offset": letter.source.offset,
          "x-consumer-group": this.consumerGroup,
        },
      })),
      this.sendTimeoutMs,
    );
  }
}
