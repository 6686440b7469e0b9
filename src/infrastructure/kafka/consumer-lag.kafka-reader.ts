import type { ConsumerLagReader, PartitionLag } from "../../application/operator/operator-reports.port";
import { DependencyUnavailableError } from "../../shared/errors";
import { asOutage } from "../outage";
import type { KafkaClient } from "./kafka-client";

/** Tries of one read: a group coordinator that is still loading answers a retriable error for a moment. */
const TRIES = 4;
const RETRY_DELAY_MS = 250;

/** The invoice consumer group's lag, from the broker's end offsets and the group's commits. */
export class KafkaConsumerLagReader implements ConsumerLagReader {
  constructor(
    private readonly kafka: KafkaClient,
    readonly groupId: string,
    readonly topic: string,
  ) {}

  async lag(): Promise<PartitionLag[]> {
    for (let attempt = 1; ; attempt++) {
      try {
        return [...(await this.kafka.consumerLag(this.groupId, this.topic))].map(([partition, lag]) => ({ partition, lag }));
      } catch (error) {
        // The admin client does not retry (it answers health checks fast): retriable answers are retried here.
        const retriable = (error as { retriable?: boolean }).retriable === true;
        if (!retriable) throw asOutage(error);
        if (attempt >= TRIES) throw new DependencyUnavailableError("kafka", `consumer lag of group ${this.groupId}: ${(error as Error).message}`, false, { cause: error });
        await new Promise((resolve) => setTimeout(resolve, RETRY_DELAY_MS * attempt));
      }
    }
  }
}
