import { GenericContainer, Wait, getContainerRuntimeClient } from "testcontainers";
import { freePort } from "./free-port";

/**
 * The services of a test run from Testcontainers: the official images (apache/kafka, postgres,
 * redis) or, on machines without a registry, the stand-ins scripts/docker/build-images.sh tags
 * with the same names. Every port is published on 127.0.0.1 only, and every container carries
 * the label below so that scripts/test-containers.sh can remove what a crashed run left behind.
 */
export const RUN_LABEL = "lottery.test-run";

export interface StartedService {
  containerId: string;
  image: string;
  host: string;
  port: number;
}

/** GenericContainer whose published ports bind to loopback only (Testcontainers binds 0.0.0.0). */
class LoopbackContainer extends GenericContainer {
  protected override async beforeContainerCreated(): Promise<void> {
    for (const bindings of Object.values(this.hostConfig.PortBindings ?? {}) as Array<Array<{ HostIp?: string }>>) {
      for (const binding of bindings) binding.HostIp = "127.0.0.1";
    }
  }
}

function container(image: string): GenericContainer {
  return new LoopbackContainer(image).withLabels({ [RUN_LABEL]: process.env.LOTTERY_TEST_RUN_ID || "manual" }).withStartupTimeout(120_000);
}

// The ports are published on the engine host's 127.0.0.1 only, so that is the address. (Asked,
// Testcontainers answers "localhost", which may resolve to ::1, or, inside a container such as
// our CI machines, the bridge gateway 172.17.0.1, where nothing is published.) An engine on
// another host is not supported.
const LOOPBACK = "127.0.0.1";

/**
 * A single-node KRaft broker configured through the image's documented KAFKA_* variables. Kafka
 * hands clients the advertised address, so the container listens on the same port number it is
 * published on (a free one picked here) and advertises 127.0.0.1:that port.
 */
export async function startKafkaContainer(image: string): Promise<StartedService> {
  let lastError: unknown;
  for (let attempt = 1; attempt <= 3; attempt++) {
    const port = await freePort();
    try {
      const started = await container(image)
        .withExposedPorts({ container: port, host: port })
        .withEnvironment({
          KAFKA_NODE_ID: "1",
          KAFKA_PROCESS_ROLES: "broker,controller",
          KAFKA_LISTENERS: `PLAINTEXT://0.0.0.0:${port},CONTROLLER://0.0.0.0:9093`,
          KAFKA_ADVERTISED_LISTENERS: `PLAINTEXT://127.0.0.1:${port}`,
          KAFKA_CONTROLLER_QUORUM_VOTERS: "1@localhost:9093",
          KAFKA_CONTROLLER_LISTENER_NAMES: "CONTROLLER",
          KAFKA_LISTENER_SECURITY_PROTOCOL_MAP: "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT",
          KAFKA_INTER_BROKER_LISTENER_NAME: "PLAINTEXT",
          CLUSTER_ID: "4L6g3nShT-eMCtK--X86sw",
          // One node: every internal topic has one replica. The rest as scripts/kafka/kafka.sh.
          KAFKA_OFFSETS_TOPIC_REPLICATION_FACTOR: "1",
          KAFKA_OFFSETS_TOPIC_NUM_PARTITIONS: "1",
          KAFKA_TRANSACTION_STATE_LOG_REPLICATION_FACTOR: "1",
          KAFKA_TRANSACTION_STATE_LOG_MIN_ISR: "1",
          KAFKA_SHARE_COORDINATOR_STATE_TOPIC_REPLICATION_FACTOR: "1",
          KAFKA_SHARE_COORDINATOR_STATE_TOPIC_MIN_ISR: "1",
          KAFKA_GROUP_INITIAL_REBALANCE_DELAY_MS: "0",
          KAFKA_AUTO_CREATE_TOPICS_ENABLE: "false",
          KAFKA_NUM_PARTITIONS: "1",
          KAFKA_HEAP_OPTS: "-Xms256m -Xmx512m",
        })
        .withWaitStrategy(Wait.forLogMessage(/Kafka Server started/))
        .start();
      return { containerId: started.getId(), image, host: LOOPBACK, port };
    } catch (error) {
      lastError = error;
      // Someone took the free port between the check and the bind: try another one.
      if (!/port is already allocated|address already in use/i.test(String((error as Error).message))) break;
    }
  }
  throw new Error(`could not start Kafka from ${image}: ${(lastError as Error).message}`);
}

export async function startPostgresContainer(image: string, password: string): Promise<StartedService> {
  const started = await container(image)
    .withExposedPorts(5432)
    .withEnvironment({ POSTGRES_PASSWORD: password })
    // Over TCP: the official image's first-start initialisation runs a socket-only server first.
    .withWaitStrategy(Wait.forSuccessfulCommand("pg_isready -h 127.0.0.1 -U postgres"))
    .start();
  return { containerId: started.getId(), image, host: LOOPBACK, port: started.getMappedPort(5432) };
}

export async function startRedisContainer(image: string): Promise<StartedService> {
  const started = await container(image).withExposedPorts(6379).withWaitStrategy(Wait.forLogMessage(/Ready to accept connections/)).start();
  return { containerId: started.getId(), image, host: LOOPBACK, port: started.getMappedPort(6379) };
}

/** Stops and removes the containers (with their anonymous volumes); a missing one is fine. */
export async function removeContainers(containerIds: string[]): Promise<void> {
  if (containerIds.length === 0) return;
  const client = await getContainerRuntimeClient();
  const failures: string[] = [];
  for (const id of containerIds) {
    try {
      await client.container.getById(id).remove({ force: true, v: true });
    } catch (error) {
      if (!/no such container|404/i.test(String((error as Error).message))) failures.push(`${id.slice(0, 12)}: ${(error as Error).message}`);
    }
  }
  if (failures.length > 0) throw new Error(`could not remove containers: ${failures.join("; ")}`);
}
