import { randomUUID } from "node:crypto";
import net from "node:net";
import { Kafka, logLevel } from "kafkajs";
import { PRODUCER_CONFIG } from "../../../../src/infrastructure/kafka/kafka-client";
import { eventually, testConfig } from "../../../support/app-harness";

// A broker that writes a batch and dies before its ack reaches the producer, as a SIGKILL can do.
// The producer's retries run out while the broker is away; the next batch must then be written
// like any other. kafkajs's idempotent mode fails this: it rolls the failed batch's sequence
// numbers back, so the next batch of as many messages carries the numbers of the written one,
// and the broker acknowledges it as a duplicate without writing it (kafka-client.ts).

const config = testConfig();
const [brokerHost, brokerPort] = config.kafka.brokers[0].split(":");

/**
 * A TCP proxy in front of the real broker that can lose the answer to one Produce request (the
 * request itself reaches the broker and is written) and then refuse connections until told to
 * accept again. Kafka frames: a 4-byte size, then in a request apiKey (int16), apiVersion (int16)
 * and correlationId (int32); in a response the correlationId first.
 */
class AckLosingProxy {
  private server!: net.Server;
  private loseNextProduceAck = false;
  private refusing = false;
  port = 0;

  async start(): Promise<void> {
    this.server = net.createServer((client) => this.relay(client));
    await new Promise<void>((resolve) => this.server.listen(0, "127.0.0.1", resolve));
    this.port = (this.server.address() as net.AddressInfo).port;
  }

  /** The next Produce request is written by the broker, its answer never arrives, and the broker looks away. */
  loseTheNextAck(): void {
    this.loseNextProduceAck = true;
  }

  acceptAgain(): void {
    this.refusing = false;
  }

  stop(): Promise<void> {
    return new Promise((resolve) => this.server.close(() => resolve()));
  }

  private relay(client: net.Socket): void {
    if (this.refusing) {
      client.destroy();
      return;
    }
    const upstream = net.connect(Number(brokerPort), brokerHost);
    const lost = new Set<number>();
    const cut = () => {
      client.destroy();
      upstream.destroy();
    };
    client.on("error", cut);
    upstream.on("error", cut);
    client.on("close", cut);
    upstream.on("close", cut);
    frames(client, (frame) => {
      if (this.loseNextProduceAck && frame.readInt16BE(4) === 0) {
        this.loseNextProduceAck = false;
        lost.add(frame.readInt32BE(8));
      }
      upstream.write(frame);
    });
    frames(upstream, (frame) => {
      if (lost.has(frame.readInt32BE(4))) {
        this.refusing = true;
        cut();
        return;
      }
      client.write(frame);
    });
  }
}

/** Calls `each` with every whole size-prefixed frame read from `socket`. */
function frames(socket: net.Socket, each: (frame: Buffer) => void): void {
  let buffered = Buffer.alloc(0);
  socket.on("data", (chunk: Buffer) => {
    buffered = Buffer.concat([buffered, chunk]);
    while (buffered.length >= 4 && buffered.length >= 4 + buffered.readInt32BE(0)) {
      const size = 4 + buffered.readInt32BE(0);
      each(buffered.subarray(0, size));
      buffered = buffered.subarray(size);
    }
  });
}

describe("an invoice batch sent after one whose ack was lost", () => {
  const topic = `lost-ack-${randomUUID()}`;
  const proxy = new AckLosingProxy();
  const direct = new Kafka({ clientId: "lost-ack-observer", brokers: config.kafka.brokers, logLevel: logLevel.NOTHING });
  const admin = direct.admin();

  beforeAll(async () => {
    await proxy.start();
    await admin.connect();
    await admin.createTopics({ waitForLeaders: true, topics: [{ topic, numPartitions: 1 }] });
  });
  afterAll(async () => {
    await admin.deleteTopics({ topics: [topic] }).catch(() => undefined);
    await admin.disconnect();
    await proxy.stop();
  });

  it("is written, with the service's producer settings", async () => {
    // Every connection of this producer, bootstrap and broker alike, goes through the proxy.
    const viaProxy = new Kafka({
      clientId: "lost-ack-producer",
      brokers: config.kafka.brokers,
      logLevel: logLevel.NOTHING,
      socketFactory: ({ onConnect }) => net.connect({ host: "127.0.0.1", port: proxy.port }, onConnect),
    });
    const producer = viaProxy.producer(PRODUCER_CONFIG);
    await producer.connect();
    try {
      const batch = (name: string) => ["1", "2", "3"].map((n) => ({ key: "user", value: `${name}-${n}` }));
      await producer.send({ topic, acks: -1, messages: batch("warm-up") });

      proxy.loseTheNextAck();
      await expect(producer.send({ topic, acks: -1, messages: batch("lost-ack") })).rejects.toThrow();
      proxy.acceptAgain();
      await producer.send({ topic, acks: -1, messages: batch("next") });

      const written = await valuesIn(topic);
      expect(written).toEqual(expect.arrayContaining(["lost-ack-1", "lost-ack-2", "lost-ack-3", "next-1", "next-2", "next-3"]));
    } finally {
      await producer.disconnect();
    }
  }, 90_000);

  /** Every value in the topic's one partition, read directly from the broker up to its end. */
  async function valuesIn(name: string): Promise<string[]> {
    const [{ high }] = await admin.fetchTopicOffsets(name);
    const values: string[] = [];
    const consumer = direct.consumer({ groupId: `lost-ack-${randomUUID()}` });
    await consumer.connect();
    await consumer.subscribe({ topic: name, fromBeginning: true });
    let read = 0;
    await consumer.run({
      eachMessage: async ({ message }) => {
        values.push(message.value?.toString() ?? "");
        read = Number(message.offset) + 1;
      },
    });
    await eventually(async () => read >= Number(high), 20_000, 100);
    await consumer.disconnect();
    return values;
  }
});
