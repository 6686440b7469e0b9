/** Topic names are part of the public contract (DOMAIN.md); never derive them from configuration. */
export const INVOICE_TOPIC = "lottery_invoice";
export const INVOICE_DEAD_LETTER_TOPIC = "lottery_invoice.dlq";

export interface TopicSpec {
  topic: string;
  numPartitions: number;
}

/** The topics the application creates at start-up when they are missing. */
export function applicationTopics(invoicePartitions: number): TopicSpec[] {
  return [
    { topic: INVOICE_TOPIC, numPartitions: invoicePartitions },
    // Dead letters are read by operators, rarely and in bulk: a few partitions are plenty.
    { topic: INVOICE_DEAD_LETTER_TOPIC, numPartitions: Math.min(invoicePartitions, 3) },
  ];
}
