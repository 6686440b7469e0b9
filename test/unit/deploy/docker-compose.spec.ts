import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { checks, lint } from "./compose-checks";
import { appServices, type Compose, configVariableNames, environmentOf, loadCompose, MIGRATE, read, ROOT } from "./compose-file";

// docker-compose.yml cannot be run on our machines (no Docker engine), so this checks it
// statically: the Compose Specification schema (through dclint, which ships it) and what the
// service needs from it. Every check is also run on a broken copy, to show it can fail.

describe("docker-compose.yml", () => {
  const text = read("docker-compose.yml");
  const compose = loadCompose(text);
  const configSource = read("src/config/config.ts");
  const known = configVariableNames(configSource);
  const broken = (change: (copy: Compose) => void): Compose => {
    const copy = structuredClone(compose);
    change(copy);
    return copy;
  };

  it("reads the variable names from src/config/config.ts", () => {
    expect([...known]).toEqual(expect.arrayContaining(["DATABASE_URL", "KAFKA_BROKERS", "ADMIN_TOKEN", "WORKER_ID", "HTTP_HOST"]));
    expect(known.size).toBeGreaterThan(20);
    const renamed = configVariableNames(configSource.replace(/^ {2}KAFKA_BROKERS:/m, "  KAFKA_BOOTSTRAP:"));
    expect(checks.variableNames(compose, renamed)).toEqual(expect.arrayContaining([expect.stringMatching(/KAFKA_BROKERS is not read/)]));
  });

  it("is valid against the Compose Specification schema (dclint)", () => {
    expect(lint(path.join(ROOT, "docker-compose.yml"))).toEqual([]);

    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "compose-spec-"));
    try {
      const file = path.join(dir, "docker-compose.yml");
      fs.writeFileSync(file, text.replace("service_completed_successfully", "service_completed"));
      expect(lint(file)).toEqual([expect.stringMatching(/^invalid-schema/)]);
      fs.writeFileSync(file, text.replace(/^ {4}healthcheck:/m, "    health_check:"));
      expect(lint(file)).toEqual([expect.stringMatching(/^invalid-schema/)]);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it("gives every service an image or a build", () => {
    expect(checks.imageOrBuild(compose)).toEqual([]);
    expect(checks.imageOrBuild(broken((c) => delete c.services.redis.image))).toEqual(["redis: neither image nor build"]);
  });

  it("sets only variables the service reads", () => {
    expect(appServices(compose).map(([name]) => name).sort()).toEqual(["api", "consumer", MIGRATE, "worker"]);
    expect(checks.variableNames(compose, known)).toEqual([]);
    const typo = broken((c) => {
      c.services.worker.environment = { ...environmentOf(c.services.worker), SCANNER_INTERVAL: "1000" };
    });
    expect(checks.variableNames(typo, known)).toEqual(["worker: SCANNER_INTERVAL is not read by the service (src/config/config.ts)"]);
  });

  it("publishes the api on 8080 with an operator token from the environment", () => {
    expect(checks.api(compose, known)).toEqual([]);
    const api = (c: Compose): Record<string, unknown> => c.services.api.environment as Record<string, unknown>;
    expect(checks.api(broken((c) => (c.services.api.ports = ["127.0.0.1:8081:8081"])), known)).toEqual(["api: does not publish container port 8080"]);
    expect(checks.api(broken((c) => (api(c).ADMIN_TOKEN = "${ADMIN_TOKEN:-short}")), known)).toEqual([
      "api: the ADMIN_TOKEN placeholder is under 16 characters",
    ]);
    expect(checks.api(broken((c) => delete api(c).ADMIN_TOKEN), known)).toEqual(["api: no ADMIN_TOKEN"]);
  });

  it("starts the service's roles only after the migrations completed", () => {
    expect(checks.migrateFirst(compose)).toEqual([]);
    const early = broken((c) => {
      c.services.consumer.depends_on = { [MIGRATE]: { condition: "service_started" } };
    });
    expect(checks.migrateFirst(early)).toEqual(["consumer: does not wait for migrate to complete successfully"]);
  });

  it("points KAFKA_BROKERS at the broker's internal listener", () => {
    expect(checks.kafkaInternalListener(compose)).toEqual([]);
    const hostListener = broken((c) => {
      c.services.worker.environment = { ...environmentOf(c.services.worker), KAFKA_BROKERS: "localhost:29092" };
    });
    expect(checks.kafkaInternalListener(hostListener)).toEqual([
      "worker: KAFKA_BROKERS is localhost:29092, not the internal listener kafka:9092",
    ]);
  });

  it("runs api, consumer and worker listening on 0.0.0.0 with a readiness healthcheck", () => {
    expect(checks.roles(compose)).toEqual([]);
    const noProbe = broken((c) => {
      c.services.worker = { ...c.services.worker, healthcheck: { disable: true } };
    });
    expect(checks.roles(noProbe)).toEqual(["worker: no healthcheck on /health/ready"]);
  });

  it("fixes no WORKER_ID, so that every replica leases its own", () => {
    expect(checks.workerIds(compose)).toEqual([]);
    const fixed = broken((c) => {
      c.services.api = { ...c.services.api, environment: { ...(c.services.api.environment as object), WORKER_ID: "1" } };
    });
    expect(checks.workerIds(fixed)).toEqual(["api: a fixed WORKER_ID; leave it unset so that each process leases its own"]);
  });

  it("runs the Kafka image and version the local broker script and the test harness run", () => {
    const version = /KAFKA_VERSION="\$\{KAFKA_VERSION:-([0-9.]+)\}"/.exec(read("scripts/kafka/kafka.sh"))?.[1];
    expect(version).toMatch(/^4\.\d+\.\d+$/);
    expect(compose.services.kafka.image).toBe(`apache/kafka:${version}`);
    // The harness names its Testcontainers image from the same default.
    expect(read("test/support/global-setup.ts")).toContain("`apache/kafka:${kafkaVersion()}`");
  });
});
