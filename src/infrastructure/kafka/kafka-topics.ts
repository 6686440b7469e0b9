/**
 * The topic names of the public contract (DOMAIN.md). KAFKA_INVOICE_TOPIC and
 * KAFKA_DEAD_LETTER_TOPIC may rename them (the tests give each file that reads a topic back its
 * own); these are the defaults.
 */
export const INVOICE_TOPIC = "lottery_invoice";
export const INVOICE_DEAD_LETTER_TOPIC = "lottery_invoice.dlq";

export interface InvoiceTopicNames {
  invoiceTopic: string;
  deadLetterTopic: string;
}
const DEFAULT_TOPIC_NAMES: InvoiceTopicNames = { invoiceTopic: INVOICE_TOPIC, deadLetterTopic: INVOICE_DEAD_LETTER_TOPIC };

export interface TopicSpec {
  topic: string;
  numPartitions: number;
}

/** The topics the application creates at start-up when they are missing. */
export function applicationTopics(invoicePartitions: number, names: InvoiceTopicNames = DEFAULT_TOPIC_NAMES): TopicSpec[] {
  return [
    { topic: names.invoiceTopic, numPartitions: invoicePartitions },
    // Dead letters are read by operators, rarely and in bulk: a few partitions are plenty.
    { topic: names.deadLetterTopic, numPartitions: Math.min(invoicePartitions, 3) },
  ];
}
