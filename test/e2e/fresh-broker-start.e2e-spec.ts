import { randomUUID } from "node:crypto";
import { eventually, startApp, type RunningApp } from "../support/app-harness";
import { ownTopics } from "../support/own-topics";
import { PrivateBroker } from "../support/private-services";

// The first start of a new user: `npm start` on a broker that has never had a consumer group.
// kafkajs logs the coordinator still loading (GROUP_COORDINATOR_NOT_AVAILABLE) at ERROR; it is
// expected and retried (or, when the first JoinGroup meets "the coordinator is loading", the
// consumer crashes and is rebuilt), so the service's log must not show any of it as an error.
describe("a first start against a fresh broker", () => {
  let broker: PrivateBroker;
  let app: RunningApp | undefined;
  const lines: string[] = [];

  beforeAll(async () => {
    broker = await PrivateBroker.start();
  });
  afterAll(async () => {
    await app?.stop();
    await broker.destroy();
  });

  it("joins the consumer group and logs no error on the way", async () => {
    const topics = ownTopics("fresh");
    app = await startApp({ ROLE: "consumer", KAFKA_BROKERS: broker.brokers, KAFKA_CONSUMER_GROUP: `fresh-${randomUUID()}`, ...topics.env }, lines, "debug");
    const parsed = () => lines.map((line) => JSON.parse(line) as { level: number; msg: string; component?: string; error?: string });
    expect(await eventually(async () => parsed().some((line) => line.msg === "joined consumer group"), 60_000)).toBe(true);

    const errors = parsed().filter((line) => line.level >= 50);
    expect(errors).toEqual([]);
    // The notices did happen (this is the case the mapping is for), one level down.
    const settling = parsed().filter((line) => line.component === "kafkajs" && line.error === "The group coordinator is not available");
    expect(settling.every((line) => line.level === 20)).toBe(true);
  });
});
