import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { DCLinter } from "dclint";
import { parse } from "yaml";

// docker-compose.yml cannot be run on our machines (no Docker engine), so this checks it
// statically: the Compose Specification schema (through dclint, which ships it) and what the
// service needs from it. Every check is also run on a broken copy, to show it can fail.

const ROOT = path.resolve(__dirname, "../../..");
const read = (file: string): string => fs.readFileSync(path.join(ROOT, file), "utf8");

interface Service {
  image?: string;
  build?: unknown;
  command?: string | string[];
  environment?: Record<string, unknown> | string[];
  depends_on?: string[] | Record<string, { condition?: string }>;
  ports?: Array<string | number | { target?: number | string; published?: number | string }>;
  healthcheck?: { test?: string | string[]; disable?: boolean };
  container_name?: string;
}
interface Compose {
  services: Record<string, Service>;
}

const APP_IMAGE = "lottery:local";
const MIGRATE = "migrate";

function loadCompose(text: string): Compose {
  // Merge keys (<<: *app) are how the file shares the app's settings between roles.
  return parse(text, { merge: true }) as Compose;
}

/** The names in src/config/config.ts's environmentSchema: the variables the service reads. */
function configVariableNames(source: string): Set<string> {
  const block = /const environmentSchema = z\.object\(\{\n([\s\S]*?)\n\}\);/.exec(source);
  if (!block) throw new Error("environmentSchema not found in src/config/config.ts");
  return new Set([...block[1].matchAll(/^ {2}([A-Z][A-Z0-9_]*):/gm)].map((match) => match[1]));
}

function environmentOf(service: Service): Record<string, string> {
  const env = service.environment ?? {};
  const entries = Array.isArray(env)
    ? env.map((line) => [line.split("=")[0], line.slice(line.indexOf("=") + 1)] as const)
    : Object.entries(env).map(([key, value]) => [key, String(value ?? "")] as const);
  return Object.fromEntries(entries);
}

/** `${VAR:-default}` gives the default a plain `docker compose up` uses; anything else is itself. */
function effectiveValue(value: string): string {
  const substitution = /^\$\{[A-Z0-9_]+:?-(.*)\}$/.exec(value);
  return substitution ? substitution[1] : value;
}

/** Services that run this repository's image: the migration and the service's roles. */
function appServices(compose: Compose): Array<[string, Service]> {
  return Object.entries(compose.services).filter(([, s]) => s.image === APP_IMAGE || s.build !== undefined);
}

function roleServices(compose: Compose): Array<[string, Service]> {
  return appServices(compose).filter(([name]) => name !== MIGRATE);
}

function roleOf(service: Service): string {
  const command = Array.isArray(service.command) ? service.command : (service.command ?? "").split(/\s+/);
  const main = command.findIndex((part) => part.endsWith("dist/src/main.js"));
  return (main >= 0 ? command[main + 1] : undefined) ?? environmentOf(service).ROLE ?? "all";
}

function dependencyCondition(service: Service, on: string): string | undefined {
  const deps = service.depends_on;
  if (Array.isArray(deps)) return deps.includes(on) ? "service_started" : undefined;
  return deps?.[on] ? (deps[on].condition ?? "service_started") : undefined;
}

function containerPorts(service: Service): number[] {
  return (service.ports ?? []).map((port) => {
    if (typeof port === "object") return Number(port.target);
    const parts = String(port).replace(/\/(tcp|udp)$/, "").split(":");
    return Number(parts[parts.length - 1]);
  });
}

function hostOf(url: string): string {
  return new URL(effectiveValue(url)).hostname;
}

/** listener name -> host:port, from a Kafka listener list such as INTERNAL://kafka:9092,HOST://... */
function listeners(value: string): Map<string, string> {
  return new Map(
    value.split(",").map((entry) => {
      const [name, address] = entry.trim().split("://");
      return [name, address] as [string, string];
    }),
  );
}

// Each check returns its problems; [] means the file is right.
const checks = {
  imageOrBuild(compose: Compose): string[] {
    return Object.entries(compose.services)
      .filter(([, s]) => !s.image && s.build === undefined)
      .map(([name]) => `${name}: neither image nor build`);
  },

  variableNames(compose: Compose, known: Set<string>): string[] {
    return appServices(compose).flatMap(([name, service]) =>
      Object.keys(environmentOf(service))
        .filter((variable) => !known.has(variable))
        .map((variable) => `${name}: ${variable} is not read by the service (src/config/config.ts)`),
    );
  },

  api(compose: Compose, known: Set<string>): string[] {
    const api = roleServices(compose).filter(([, s]) => roleOf(s) === "api");
    if (api.length === 0) return ["no service runs role api"];
    return api.flatMap(([name, service]) => {
      const env = environmentOf(service);
      const problems: string[] = [];
      if (!containerPorts(service).includes(8080)) problems.push(`${name}: does not publish container port 8080`);
      if ((env.HTTP_PORT ?? "8080") !== "8080") problems.push(`${name}: HTTP_PORT is ${env.HTTP_PORT}, not 8080`);
      if (!env.ADMIN_TOKEN) problems.push(`${name}: no ADMIN_TOKEN`);
      else if (!/^\$\{ADMIN_TOKEN:?-/.test(env.ADMIN_TOKEN)) problems.push(`${name}: ADMIN_TOKEN is not taken from the environment`);
      // config.ts refuses a token under 16 characters: the placeholder must start the service.
      else if (effectiveValue(env.ADMIN_TOKEN).length < 16) problems.push(`${name}: the ADMIN_TOKEN placeholder is under 16 characters`);
      if (env.DEMO_ACTIVITY !== "true") problems.push(`${name}: DEMO_ACTIVITY is not "true"`);
      if (!known.has("ADMIN_TOKEN")) problems.push("src/config/config.ts no longer reads ADMIN_TOKEN");
      return problems;
    });
  },

  migrateFirst(compose: Compose): string[] {
    const migrate = compose.services[MIGRATE];
    if (!migrate) return [`no ${MIGRATE} service`];
    const problems = roleServices(compose)
      .filter(([name]) => dependencyCondition(compose.services[name], MIGRATE) !== "service_completed_successfully")
      .map(([name]) => `${name}: does not wait for ${MIGRATE} to complete successfully`);
    const command = ([] as string[]).concat(migrate.command ?? []).join(" ");
    if (!command.includes("scripts/migrate.mjs")) problems.push(`${MIGRATE}: does not run scripts/migrate.mjs`);
    const database = hostOf(environmentOf(migrate).DATABASE_URL ?? "postgresql://127.0.0.1/x");
    if (dependencyCondition(migrate, database) !== "service_healthy") problems.push(`${MIGRATE}: does not wait for ${database} to be healthy`);
    return problems;
  },

  kafkaInternalListener(compose: Compose): string[] {
    const kafka = Object.entries(compose.services).find(([, s]) => /^apache\/kafka:/.test(s.image ?? ""));
    if (!kafka) return ["no apache/kafka service"];
    const [kafkaName, kafkaService] = kafka;
    const env = environmentOf(kafkaService);
    const internalName = env.KAFKA_INTER_BROKER_LISTENER_NAME;
    const internal = listeners(env.KAFKA_ADVERTISED_LISTENERS ?? "").get(internalName);
    const problems: string[] = [];
    if (!internal) return [`${kafkaName}: no advertised listener named ${internalName}`];
    if (internal.split(":")[0] !== kafkaName) problems.push(`${kafkaName}: internal listener ${internal} is not advertised under the service name`);
    const bound = listeners(env.KAFKA_LISTENERS ?? "").get(internalName);
    if (bound?.split(":").pop() !== internal.split(":").pop()) problems.push(`${kafkaName}: ${internalName} listens on ${bound}, advertises ${internal}`);
    for (const [name, service] of roleServices(compose)) {
      const brokers = environmentOf(service).KAFKA_BROKERS;
      if (brokers !== internal) problems.push(`${name}: KAFKA_BROKERS is ${brokers}, not the internal listener ${internal}`);
      if (dependencyCondition(service, kafkaName) === undefined) problems.push(`${name}: does not depend on ${kafkaName}`);
    }
    return problems;
  },

  roles(compose: Compose): string[] {
    const services = roleServices(compose);
    const problems: string[] = [];
    for (const role of ["api", "consumer", "worker"]) {
      if (!services.some(([, s]) => roleOf(s) === role)) problems.push(`no service runs role ${role}`);
    }
    for (const [name, service] of services) {
      const env = environmentOf(service);
      if (env.HTTP_HOST !== "0.0.0.0") problems.push(`${name}: HTTP_HOST is not 0.0.0.0`);
      const test = ([] as string[]).concat(service.healthcheck?.test ?? []).join(" ");
      if (!test.includes(`:${env.HTTP_PORT ?? "8080"}/health/ready`)) problems.push(`${name}: no healthcheck on /health/ready`);
      for (const variable of ["DATABASE_URL", "REDIS_URL"]) {
        const host = env[variable] ? hostOf(env[variable]) : "(unset)";
        if (!compose.services[host]) problems.push(`${name}: ${variable} points at ${host}, not a service of this file`);
      }
      if (roleOf(service) === "consumer" && (service.container_name || service.ports?.length)) {
        problems.push(`${name}: a container name or published port stops --scale`);
      }
    }
    return problems;
  },

  workerIds(compose: Compose): string[] {
    // Worker ids are leased per process; a fixed one would make two replicas of a service collide.
    return roleServices(compose)
      .filter(([, s]) => environmentOf(s).WORKER_ID !== undefined)
      .map(([name]) => `${name}: a fixed WORKER_ID; leave it unset so that each process leases its own`);
  },
};

function lint(file: string): string[] {
  // Only dclint's style rules are off; its schema validation cannot be turned off. Both build and
  // image on a service is on purpose: the image is built once and named for every role.
  const off = [
    "no-build-and-image",
    "require-quotes-in-ports",
    "service-keys-order",
    "services-alphabetical-order",
    "service-dependencies-alphabetical-order",
    "service-ports-alphabetical-order",
    "top-level-properties-order",
  ];
  const linter = new DCLinter({ rules: Object.fromEntries(off.map((rule) => [rule, 0])), quiet: true, debug: false, exclude: [] });
  return linter.lintFiles([file], false).flatMap((result) => result.messages.map((m) => `${m.rule} (line ${m.line}): ${m.message}`));
}

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

describe("Dockerfile", () => {
  const dockerfile = read("Dockerfile");

  /** Files of `needed` that the last stage (the runtime image) does not COPY from the context. */
  function missingFromRuntime(text: string, needed: string[]): string[] {
    const runtime = text.slice(text.lastIndexOf("\nFROM "));
    const copied = [...runtime.matchAll(/^COPY (?!--from)(.+) \S+$/gm)].flatMap((match) => match[1].trim().split(/\s+/));
    return needed.filter((file) => !copied.some((source) => file === source || file.startsWith(`${source}/`)));
  }

  it("copies into the runtime image what the Prisma CLI loads for migrate deploy", () => {
    // prisma.config.ts is TypeScript the CLI loads itself; each local file it imports must be there.
    const imports = [...read("prisma.config.ts").matchAll(/from "(\.\.?\/[^"]+)"/g)].map((m) => `${path.posix.normalize(m[1])}.ts`);
    expect(imports).toEqual(["src/infrastructure/persistence/pg-pool-config.ts"]);
    const needed = ["prisma/schema.prisma", "prisma/migrations", "prisma.config.ts", "scripts/migrate.mjs", ...imports];
    expect(missingFromRuntime(dockerfile, needed)).toEqual([]);
    const withoutImport = dockerfile.replace(/^COPY src\/infrastructure\/persistence\/pg-pool-config\.ts .*$/m, "");
    expect(missingFromRuntime(withoutImport, needed)).toEqual(["src/infrastructure/persistence/pg-pool-config.ts"]);
  });

  it("runs as a non-root user", () => {
    expect(dockerfile).toMatch(/^USER (?!root$|0$)\S+$/m);
  });
});
