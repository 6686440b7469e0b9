// The checks the docker-compose spec runs on docker-compose.yml: what the service needs from the
// file, and the Compose Specification schema through dclint.
import { DCLinter } from "dclint";
import {
  appServices,
  type Compose,
  containerPorts,
  dependencyCondition,
  effectiveValue,
  environmentOf,
  hostOf,
  listeners,
  MIGRATE,
  roleOf,
  roleServices,
} from "./compose-file";

// Each check returns its problems; [] means the file is right.
export const checks = {
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

export function lint(file: string): string[] {
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
