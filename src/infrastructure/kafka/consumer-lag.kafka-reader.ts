import type { ConsumerLagReader, PartitionLag } from "../../application/operator/operator-reports.port";
import { asOutage } from "../outage";
import type { KafkaClient } from "./kafka-client";

/** The invoice consumer group's lag, from the broker's end offsets and the group's commits. */
export class KafkaConsumerLagReader implements ConsumerLagReader {
  constructor(
    private readonly kafka: KafkaClient,
    readonly groupId: string,
    readonly topic: string,
  ) {}

  async lag(): Promise<PartitionLag[]> {
    try {
      return [...(await this.kafka.consumerLag(this.groupId, this.topic))].map(([partition, lag]) => ({ partition, lag }));
    } catch (error) {
      throw asOutage(error);
    }
  }
}
