import {
  Kafka,
  logLevel,
  type Admin,
  type Consumer,
  type ConsumerConfig,
  type EachBatchHandler,
  type EachMessageHandler,
  type IHeaders,
  type Producer,
  type RecordMetadata,
} from "kafkajs";
import type { Logger } from "../logging/logger";
import { isSettlingError, kafkaLogCreator } from "./kafka-log-creator";
import type { TopicSpec } from "./kafka-topics";

/**
 * How long new topics are waited for until each of their partitions answers an offsets request
 * (and, after a failed create, before the failure counts).
 */
const TOPICS_SERVED_WITHIN_MS = 15_000;

export interface KafkaSettings {
  brokers: string[];
  clientId: string;
  connectionTimeoutMs: number;
  requestTimeoutMs: number;
}

export interface OutgoingMessage {
  key: string;
  value: string;
  headers?: IHeaders;
}

export interface ConsumerOptions {
  groupId: string;
  topics: string[];
  fromBeginning?: boolean;
  eachMessage?: EachMessageHandler;
  eachBatch?: EachBatchHandler;
  consumerConfig?: Partial<ConsumerConfig>;
  /** kafkajs run() settings, e.g. eachBatchAutoResolve false to resolve offsets one by one. */
  runConfig?: { autoCommit?: boolean; autoCommitInterval?: number; eachBatchAutoResolve?: boolean; partitionsConsumedConcurrently?: number };
  /** Delay before a consumer that crashed with a non-retriable error is built again. */
  restartDelayMs?: number;
}

export interface ConsumerHandle {
  readonly groupId: string;
  /** Leaves the group (so partitions move to the other members at once) and disconnects. */
  stop(): Promise<void>;
}

/**
 * Group timing. A member that died without leaving (SIGKILL) holds its partitions until its
 * session times out, and every rebalance meanwhile waits for it; kafkajs's SyncGroup request
 * gives up after the request timeout and the consumer crashes and rejoins, starting another
 * rebalance. A session shorter than the request timeout (config KAFKA_REQUEST_TIMEOUT_MS, 30 s)
 * lets the dead member go before any survivor's SyncGroup gives up, so the group settles.
 */
const GROUP_TIMING = { sessionTimeout: 10_000, heartbeatInterval: 1_000, rebalanceTimeout: 20_000 };

/** A send that did not finish within its deadline; the broker may still accept it later. */
export class KafkaSendTimeoutError extends Error {
  constructor(topic: string, timeoutMs: number) {
    super(`send to ${topic} did not complete within ${timeoutMs} ms`);
    this.name = "KafkaSendTimeoutError";
  }
}

/**
 * The project's one Kafka wrapper: topic set-up, a producer (acks=all, bounded retries), consumer
 * groups that never stop silently, and a cheap liveness check. Nothing outside
 * infrastructure/kafka imports kafkajs.
 */
export class KafkaClient {
  private readonly kafka: Kafka;
  private readonly admin: Admin;
  private adminConnected = false;
  private producer: Producer | undefined;
  private producerConnecting: Promise<Producer> | undefined;
  private readonly consumers = new Set<ConsumerHandle>();

  constructor(
    settings: KafkaSettings,
    private readonly log: Logger,
  ) {
    this.kafka = new Kafka({
      clientId: settings.clientId,
      brokers: settings.brokers,
      connectionTimeout: settings.connectionTimeoutMs,
      requestTimeout: settings.requestTimeoutMs,
      logLevel: logLevel.WARN,
      logCreator: kafkaLogCreator(log.child({ component: "kafka" })),
    });
    // No retries: the admin client answers health checks, which must fail fast and be asked again.
    this.admin = this.kafka.admin({ retry: { retries: 0 } });
  }

  /** Answers when a broker of the cluster responds to a metadata request. */
  async ping(): Promise<void> {
    await this.connectAdmin();
    await this.admin.describeCluster();
  }

  /** Messages of `topic` not yet committed by `groupId`, per partition. */
  async consumerLag(groupId: string, topic: string): Promise<Map<number, number>> {
    await this.connectAdmin();
    let ends: Awaited<ReturnType<Admin["fetchTopicOffsets"]>>;
    try {
      ends = await this.admin.fetchTopicOffsets(topic);
    } catch (error) {
      // A topic nobody created yet (a first start before any draw) holds nothing to consume.
      if (isUnknownTopic(error)) return new Map();
      throw error;
    }
    const committed = await this.admin.fetchOffsets({ groupId, topics: [topic] });
    const committedByPartition = new Map((committed[0]?.partitions ?? []).map((p) => [p.partition, Number(p.offset)]));
    const lag = new Map<number, number>();
    for (const end of ends) {
      const done = committedByPartition.get(end.partition) ?? -1;
      // -1: the group has committed nothing there yet; everything from the low watermark is pending.
      const from = done >= 0 ? done : Number(end.low);
      lag.set(end.partition, Math.max(0, Number(end.high) - from));
    }
    return lag;
  }

  /** Creates the topics that are missing; safe when several processes start at once. */
  async ensureTopics(specs: TopicSpec[]): Promise<void> {
    await this.connectAdmin();
    const existing = new Set(await this.admin.listTopics());
    const missing = specs.filter((spec) => !existing.has(spec.topic));
    for (const spec of specs.filter((s) => existing.has(s.topic))) {
      const [metadata] = (await this.admin.fetchTopicMetadata({ topics: [spec.topic] })).topics;
      if (metadata && metadata.partitions.length < spec.numPartitions) {
        this.log.warn(
          { topic: spec.topic, partitions: metadata.partitions.length, wanted: spec.numPartitions },
          "topic has fewer partitions than configured; left as it is (add partitions deliberately, see README)",
        );
      }
    }
    if (missing.length === 0) return;
    let failure: unknown;
    try {
      await this.admin.createTopics({
        waitForLeaders: true,
        topics: missing.map((spec) => ({ topic: spec.topic, numPartitions: spec.numPartitions, replicationFactor: -1 })),
      });
      this.log.info({ topics: missing.map((s) => s.topic) }, "created missing Kafka topics");
    } catch (error) {
      // Another process may have created them between our list and create: that is the state we
      // wanted. Or the broker created them and its metadata answered UNKNOWN_TOPIC_OR_PARTITION
      // while kafkajs waited for their leaders (seen on a young broker): they show up shortly.
      failure = error;
    }
    await this.untilServed(missing.map((spec) => spec.topic), failure);
  }

  /**
   * Waits until every partition of `topics` answers an offsets request. Metadata can name a
   * partition's leader a moment before that broker serves it: a listOffsets right after a create
   * that waited for leaders was answered NOT_LEADER_OR_FOLLOWER (seen in CI, all three passes).
   */
  private async untilServed(topics: string[], failure: unknown): Promise<void> {
    const deadline = Date.now() + TOPICS_SERVED_WITHIN_MS;
    for (;;) {
      const refused = await this.offsetsRefused(topics);
      if (refused === undefined) return;
      if (Date.now() >= deadline) throw failure ?? refused;
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
  }

  private async offsetsRefused(topics: string[]): Promise<unknown> {
    try {
      const listed = new Set(await this.admin.listTopics());
      const absent = topics.filter((topic) => !listed.has(topic));
      if (absent.length > 0) return new Error(`topics not listed yet: ${absent.join(", ")}`);
      for (const topic of topics) await this.admin.fetchTopicOffsets(topic);
      return undefined;
    } catch (error) {
      return error;
    }
  }

  /** Sends (acks=all) and fails after `timeoutMs` instead of hanging while the broker is away. */
  async send(topic: string, messages: OutgoingMessage[], timeoutMs: number): Promise<RecordMetadata[]> {
    const sending = this.connectedProducer().then((producer) => producer.send({ topic, messages, acks: -1 }));
    return withDeadline(sending, timeoutMs, () => new KafkaSendTimeoutError(topic, timeoutMs));
  }

  /** Joins a consumer group and keeps consuming; a crash that kafkajs will not restart is restarted here. */
  async runConsumer(options: ConsumerOptions): Promise<ConsumerHandle> {
    const log = this.log.child({ component: "kafka-consumer", groupId: options.groupId });
    let consumer: Consumer | undefined;
    let stopped = false;
    let restartTimer: NodeJS.Timeout | undefined;

    const start = async (): Promise<void> => {
      const current = this.kafka.consumer({ groupId: options.groupId, ...GROUP_TIMING, ...options.consumerConfig });
      consumer = current;
      current.on(current.events.CRASH, (event) => {
        const { error, restart } = event.payload as { error: Error; restart: boolean };
        // A fresh broker still loading its group coordinator crashes the first join; the restart
        // below joins once it has loaded. Expected on a first start, so a warning, not an error.
        if (isSettlingError(error)) log.warn({ err: error?.message, restart }, "consumer crashed while the broker settles; restarting it");
        else log.error({ err: error?.message, restart }, "consumer crashed");
        if (!restart) scheduleRestart();
      });
      current.on(current.events.GROUP_JOIN, (event) => {
        log.info({ memberId: event.payload.memberId, assignment: event.payload.memberAssignment }, "joined consumer group");
      });
      await current.connect();
      await current.subscribe({ topics: options.topics, fromBeginning: options.fromBeginning ?? false });
      await current.run({ eachMessage: options.eachMessage, eachBatch: options.eachBatch, ...options.runConfig });
    };
    const scheduleRestart = (): void => {
      if (stopped) return;
      restartTimer = setTimeout(async () => {
        await consumer?.disconnect().catch(() => undefined);
        if (stopped) return;
        try {
          await start();
        } catch (error) {
          log.error({ err: (error as Error).message }, "consumer could not start; trying again");
          scheduleRestart();
        }
      }, options.restartDelayMs ?? 2000);
    };

    try {
      await start();
    } catch (error) {
      // A broker that is away at start-up is waited for, not fatal: the group is joined when it returns.
      log.error({ err: (error as Error).message }, "consumer could not start; trying again");
      scheduleRestart();
    }
    const handle: ConsumerHandle = {
      groupId: options.groupId,
      stop: async () => {
        stopped = true;
        clearTimeout(restartTimer);
        this.consumers.delete(handle);
        await consumer?.disconnect();
        log.info("left consumer group");
      },
    };
    this.consumers.add(handle);
    return handle;
  }

  /** Flushes and closes the producer, leaves every group, closes the admin connection. */
  async disconnect(): Promise<void> {
    await Promise.allSettled([...this.consumers].map((handle) => handle.stop()));
    // A producer still connecting (broker away) gives up within its bounded retries; wait for
    // that, then disconnect, so no retry timer outlives the client. kafkajs flushes in-flight sends.
    const connecting = this.producerConnecting;
    const producer = this.producer;
    this.producer = undefined;
    this.producerConnecting = undefined;
    await connecting?.catch(() => undefined);
    await producer?.disconnect();
    if (this.adminConnected) await this.admin.disconnect();
    this.adminConnected = false;
  }

  private async connectAdmin(): Promise<void> {
    if (this.adminConnected) return;
    await this.admin.connect();
    this.adminConnected = true;
  }

  private connectedProducer(): Promise<Producer> {
    this.producerConnecting ??= (async () => {
      const producer = this.kafka.producer(PRODUCER_CONFIG);
      this.producer = producer;
      try {
        await producer.connect();
      } catch (error) {
        if (this.producer === producer) this.producer = undefined;
        this.producerConnecting = undefined;
        throw error;
      }
      return producer;
    })();
    return this.producerConnecting;
  }
}

/** The invoice producer's settings (exported for the test that loses an ack on purpose). */
export const PRODUCER_CONFIG = {
  // Not kafkajs's idempotent mode: that needs endless retries, and with ours bounded it loses
  // invoices. A batch the broker wrote as it died (its ack lost) fails here, kafkajs rolls its
  // sequence numbers back, and the next batch of as many messages on that partition carries the
  // same numbers: the broker takes it for a duplicate of the written one and acknowledges it
  // without writing it, so orders are marked sent that no consumer will ever see.
  // draw-faults.e2e-spec.ts once ended with 2 of 4,123 orders so (Kafka 3.9.2), and
  // lost-ack.int-spec.ts loses an ack on purpose. Without sequence numbers a retry can only
  // write a message twice, and delivery is idempotent per order, so a duplicate changes nothing.
  idempotent: false,
  maxInFlightRequests: 5,
  allowAutoTopicCreation: false,
  // A send to a broker that is away ends: a failed send leaves its order to the outbox scanner.
  retry: { retries: 5, initialRetryTime: 100, maxRetryTime: 1000 },
} as const;

function withDeadline<T>(work: Promise<T>, timeoutMs: number, onTimeout: () => Error): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(onTimeout()), timeoutMs);
  });
  return Promise.race([work, deadline]).finally(() => clearTimeout(timer));
}

/** UNKNOWN_TOPIC_OR_PARTITION, also when kafkajs wraps it (retries exceeded around a non-retriable error around it). */
function isUnknownTopic(error: unknown): boolean {
  let current = error as { type?: string; originalError?: unknown; cause?: unknown } | undefined;
  for (let depth = 0; current && depth < 5; depth++) {
    if (current.type === "UNKNOWN_TOPIC_OR_PARTITION") return true;
    current = (current.originalError ?? current.cause) as typeof current;
  }
  return false;
}
