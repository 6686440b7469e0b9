import { randomUUID } from "node:crypto";
import { Client } from "pg";
import { KafkaClient, type OutgoingMessage } from "../../src/infrastructure/kafka/kafka-client";
import { INVOICE_DEAD_LETTER_TOPIC, INVOICE_TOPIC, applicationTopics } from "../../src/infrastructure/kafka/kafka-topics";
import { createLogger } from "../../src/infrastructure/logging/logger";
import { pgPoolConfigFromUrl } from "../../src/infrastructure/persistence/pg-pool-config";
import { eventually, testConfig } from "../support/app-harness";
import { readTopicSince, startGroupAtEnd, topicEnds } from "../support/invoice-reader";
import { PrivateBroker, PrivatePostgres, ServiceProcess } from "../support/private-services";
import { uniqueId } from "../support/unique-id";

const log = createLogger("silent");

// The consumer process works against a PostgreSQL of this test's own, which the test stops
// (a crash: every backend gone at once) in the middle of a backlog and starts again, and a
// broker of its own, so that its dead-letter topic holds only what this consumer wrote (the
// run's broker is read by every test file's consumers). Redis is the run's.
describe("delivery while PostgreSQL is away", () => {
  let config: ReturnType<typeof testConfig>;
  let kafka: KafkaClient;
  let broker: PrivateBroker;
  let pg: PrivatePostgres;
  let db: Client | undefined;
  let consumer: ServiceProcess | undefined;

  beforeAll(async () => {
    [pg, broker] = await Promise.all([PrivatePostgres.start("lottery"), PrivateBroker.start()]);
    config = testConfig({ KAFKA_BROKERS: broker.brokers });
    kafka = new KafkaClient(config.kafka, log);
    await kafka.ensureTopics(applicationTopics(config.kafka.invoicePartitions));
  });
  afterAll(async () => {
    await consumer?.kill("SIGKILL");
    await db?.end().catch(() => undefined);
    await kafka?.disconnect();
    await Promise.all([pg?.destroy(), broker?.destroy()]);
  });

  const connect = async (): Promise<Client> => {
    const client = new Client(pgPoolConfigFromUrl(pg.urlFor("lottery")));
    client.on("error", () => undefined);
    await client.connect();
    return client;
  };

  it("pauses instead of dead-lettering, resumes by itself, grants every order once, and dead-letters only the bad messages, each once", async () => {
    const activityId = uniqueId();
    const count = 12_000;
    const base = BigInt(uniqueId()) * 100_000n;
    const orderIds = Array.from({ length: count }, (_, i) => String(base + BigInt(i)));
    db = await connect();
    await db.query(
      `INSERT INTO user_strategy_export (order_id, u_id, activity_id, strategy_id, strategy_mode, grant_type, award_id, award_type, award_name, award_content, uuid, mq_state)
       SELECT id::bigint, 'user-' || (id::bigint % 700), $2, 1, 1, 1, 'c', 3, 'Coupon', '10 off', id, 1 FROM unnest($1::text[]) AS id`,
      [orderIds, activityId],
    );
    const invoice = (orderId: string): OutgoingMessage => {
      const uId = `user-${BigInt(orderId) % 700n}`;
      const value = { orderId, uId, activityId, awardId: "c", awardType: 3, awardName: "Coupon", awardContent: "10 off", shippingAddress: null, extInfo: null };
      return { key: uId, value: JSON.stringify(value), headers: { "message-id": orderId } };
    };
    // Bad messages among the good ones: the only ones that belong on the dead-letter topic, once each.
    const marker = randomUUID();
    const malformed = Array.from({ length: 10 }, (_, i): OutgoingMessage => ({ key: `bad-${i}`, value: `{"orderId": "${marker}-${i}` }));
    const strangers = Array.from({ length: 10 }, (_, i) => invoice(String(base + BigInt(count + 1000 + i))));
    const send = async (messages: OutgoingMessage[]) => {
      for (let i = 0; i < messages.length; i += 1000) await kafka.send(INVOICE_TOPIC, messages.slice(i, i + 1000), 15_000);
    };

    const groupId = `e2e-pg-outage-${randomUUID()}`;
    await startGroupAtEnd(config.kafka.brokers, groupId, INVOICE_TOPIC);
    const deadLettersBefore = await topicEnds(config.kafka.brokers, INVOICE_DEAD_LETTER_TOPIC);

    consumer = new ServiceProcess("consumer", {
      DATABASE_URL: pg.urlFor("lottery"),
      KAFKA_BROKERS: broker.brokers,
      KAFKA_CONSUMER_GROUP: groupId,
      DELIVERY_PAUSE_BACKOFF_MS: "100,1000",
      DELIVERY_RETRY_BACKOFF_MS: "100,100",
      CONSUMER_BATCH_SIZE: "200",
      // Paced (one grant at a time across partitions, a pause after each): the outage's waits
      // happen inside a paced grant, with the other partitions queued behind it. The unpaced
      // default meets PostgreSQL's loss in draw-faults.
      CONSUMER_BUSY_SHARE: "0.5",
    });
    await consumer.start();

    const half = count / 2;
    await send([...orderIds.slice(0, half).map(invoice), ...malformed.slice(0, 5), ...strangers.slice(0, 5)]);
    const granted = async (client: Client) =>
      (await client.query<{ n: number }>("SELECT count(*)::int AS n FROM user_strategy_export WHERE activity_id = $1 AND grant_state = 1", [activityId])).rows[0].n;
    expect(await eventually(async () => (await granted(db!)) >= half / 10, 60_000, 50)).toBe(true);

    await db.end();
    db = undefined;
    await pg.stop("immediate");
    // The rest of the backlog arrives while the database is away.
    await send([...orderIds.slice(half).map(invoice), ...malformed.slice(5), ...strangers.slice(5)]);
    await new Promise((resolve) => setTimeout(resolve, 6000));
    expect(consumer.alive).toBe(true);
    await pg.resume();

    db = await connect();
    expect(await eventually(async () => (await granted(db!)) === count, 120_000, 500)).toBe(true);
    expect(consumer.alive).toBe(true);

    const deliveries = await db.query<{ n: number; orders: number }>(
      "SELECT count(*)::int AS n, count(DISTINCT d.order_id)::int AS orders FROM award_delivery d JOIN user_strategy_export o USING (order_id) WHERE o.activity_id = $1",
      [activityId],
    );
    expect(deliveries.rows[0]).toEqual({ n: count, orders: count });
    const coupons = await db.query<{ n: number }>("SELECT count(*)::int AS n FROM award_coupon c JOIN user_strategy_export o USING (order_id) WHERE o.activity_id = $1", [activityId]);
    expect(coupons.rows[0].n).toBe(count);

    // Dead letters: the 20 bad messages, each once; no valid invoice.
    const strangerIds = new Set(strangers.map((m) => JSON.parse(m.value).orderId as string));
    const ours = (v: Record<string, unknown>) => v.activityId === activityId || String(v.raw ?? "").includes(marker);
    let dead: Awaited<ReturnType<typeof readTopicSince>> = [];
    await eventually(async () => {
      dead = await readTopicSince(config.kafka.brokers, INVOICE_DEAD_LETTER_TOPIC, deadLettersBefore, ours);
      return dead.length >= 20;
    }, 30_000, 1000);
    const valid = dead.filter((m) => m.value.activityId === activityId && !strangerIds.has(String(m.value.orderId)));
    expect(valid).toEqual([]);
    const keys = dead.map((m) => (m.value.orderId ? `order ${m.value.orderId}` : String(m.value.raw)));
    expect(new Set(keys).size).toBe(keys.length);
    expect(dead.filter((m) => m.headers["x-reason"] === "malformed")).toHaveLength(10);
    expect(dead.filter((m) => m.headers["x-reason"] === "unknown_order").map((m) => String(m.value.orderId)).sort()).toEqual([...strangerIds].sort());
    const recorded = await db.query<{ n: number; unsent: number }>("SELECT count(*)::int AS n, count(*) FILTER (WHERE sent_at IS NULL)::int AS unsent FROM invoice_dead_letter");
    expect(recorded.rows[0]).toEqual({ n: 20, unsent: 0 });

    // One line when the pause began and one when delivery resumed; no flood of errors.
    const messages = consumer.linesAtLeast(30).map((line) => String(line.msg));
    expect(messages.filter((m) => m.startsWith("delivery paused")).length).toBeGreaterThanOrEqual(1);
    expect(messages).toContain("delivery resumed");
    // Every error of the outage was known for one (outage.ts): none was taken for a bad invoice.
    expect(messages.filter((m) => m.startsWith("batch grant failed") || m.startsWith("grant failed"))).toEqual([]);
    expect(consumer.linesAtLeast(50).length).toBeLessThan(20);
  }, 300_000);
});
