import type { DependencyProbe } from "../../application/ports/dependency-probe.port";
import type { KafkaClient } from "./kafka-client";
import type { TopicSpec } from "./kafka-topics";

/**
 * Kafka is ready when a broker answers and the application's topics exist. Topics missing at
 * start-up (the broker was away) are created by the first check that finds the broker back.
 */
export class KafkaProbe implements DependencyProbe {
  readonly name = "kafka" as const;
  private topicsReady = false;

  constructor(
    private readonly kafka: KafkaClient,
    private readonly topics: TopicSpec[],
  ) {}

  async check(): Promise<void> {
    await this.kafka.ping();
    if (this.topicsReady) return;
    await this.kafka.ensureTopics(this.topics);
    this.topicsReady = true;
  }
}
