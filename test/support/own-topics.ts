import { randomUUID } from "node:crypto";

/**
 * Invoice and dead-letter topics of a test file's own, for a file that runs a consumer group or
 * reads a topic back: it sees only what it wrote, however much other files put on the shared
 * topics (a consumer in a database of its own dead-letters every invoice it has no order for).
 * `env` goes to startApp, testConfig and the CLI; the service creates the topics at start.
 */
export function ownTopics(label: string): { invoiceTopic: string; deadLetterTopic: string; env: Record<string, string> } {
  const invoiceTopic = `lottery_invoice.test-${label}-${randomUUID().slice(0, 8)}`;
  const deadLetterTopic = `${invoiceTopic}.dlq`;
  return { invoiceTopic, deadLetterTopic, env: { KAFKA_INVOICE_TOPIC: invoiceTopic, KAFKA_DEAD_LETTER_TOPIC: deadLetterTopic } };
}
