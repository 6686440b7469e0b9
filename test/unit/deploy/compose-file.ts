// docker-compose.yml as the deploy specs read it: the file parsed, and what a service of it is
// (its role, environment, dependencies, ports), with src/config/config.ts's variable names.
import fs from "node:fs";
import path from "node:path";
import { parse } from "yaml";

export const ROOT = path.resolve(__dirname, "../../..");
export const read = (file: string): string => fs.readFileSync(path.join(ROOT, file), "utf8");

export interface Service {
  image?: string;
  build?: unknown;
  command?: string | string[];
  environment?: Record<string, unknown> | string[];
  depends_on?: string[] | Record<string, { condition?: string }>;
  ports?: Array<string | number | { target?: number | string; published?: number | string }>;
  healthcheck?: { test?: string | string[]; disable?: boolean };
  container_name?: string;
}
export interface Compose {
  services: Record<string, Service>;
}

export const APP_IMAGE = "lottery:local";
export const MIGRATE = "migrate";

export function loadCompose(text: string): Compose {
  // Merge keys (<<: *app) are how the file shares the app's settings between roles.
  return parse(text, { merge: true }) as Compose;
}

/** The names in src/config/config.ts's environmentSchema: the variables the service reads. */
export function configVariableNames(source: string): Set<string> {
  const block = /const environmentSchema = z\.object\(\{\n([\s\S]*?)\n\}\);/.exec(source);
  if (!block) throw new Error("environmentSchema not found in src/config/config.ts");
  return new Set([...block[1].matchAll(/^ {2}([A-Z][A-Z0-9_]*):/gm)].map((match) => match[1]));
}

export function environmentOf(service: Service): Record<string, string> {
  const env = service.environment ?? {};
  const entries = Array.isArray(env)
    ? env.map((line) => [line.split("=")[0], line.slice(line.indexOf("=") + 1)] as const)
    : Object.entries(env).map(([key, value]) => [key, String(value ?? "")] as const);
  return Object.fromEntries(entries);
}

/** `${VAR:-default}` gives the default a plain `docker compose up` uses; anything else is itself. */
export function effectiveValue(value: string): string {
  const substitution = /^\$\{[A-Z0-9_]+:?-(.*)\}$/.exec(value);
  return substitution ? substitution[1] : value;
}

/** Services that run this repository's image: the migration and the service's roles. */
export function appServices(compose: Compose): Array<[string, Service]> {
  return Object.entries(compose.services).filter(([, s]) => s.image === APP_IMAGE || s.build !== undefined);
}

export function roleServices(compose: Compose): Array<[string, Service]> {
  return appServices(compose).filter(([name]) => name !== MIGRATE);
}

export function roleOf(service: Service): string {
  const command = Array.isArray(service.command) ? service.command : (service.command ?? "").split(/\s+/);
  const main = command.findIndex((part) => part.endsWith("dist/src/main.js"));
  return (main >= 0 ? command[main + 1] : undefined) ?? environmentOf(service).ROLE ?? "all";
}

export function dependencyCondition(service: Service, on: string): string | undefined {
  const deps = service.depends_on;
  if (Array.isArray(deps)) return deps.includes(on) ? "service_started" : undefined;
  return deps?.[on] ? (deps[on].condition ?? "service_started") : undefined;
}

export function containerPorts(service: Service): number[] {
  return (service.ports ?? []).map((port) => {
    if (typeof port === "object") return Number(port.target);
    const parts = String(port).replace(/\/(tcp|udp)$/, "").split(":");
    return Number(parts[parts.length - 1]);
  });
}

export function hostOf(url: string): string {
  return new URL(effectiveValue(url)).hostname;
}

/** listener name -> host:port, from a Kafka listener list such as INTERNAL://kafka:9092,HOST://... */
export function listeners(value: string): Map<string, string> {
  return new Map(
    value.split(",").map((entry) => {
      const [name, address] = entry.trim().split("://");
      return [name, address] as [string, string];
    }),
  );
}
