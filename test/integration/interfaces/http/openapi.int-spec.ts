import { randomUUID } from "node:crypto";
import Ajv2020 from "ajv/dist/2020";
import type { Router } from "express";
import { resolve } from "../../../../src/composition/token";
import { Role } from "../../../../src/composition/roles.module";
import { ActivityRequestMother, award } from "../../../support/activity-request.mother";
import { startApp, type RunningApp } from "../../../support/app-harness";
import { OPERATOR_TOKEN, deployDoing } from "../../../support/operator";
import { ownTopics } from "../../../support/own-topics";
import { KafkaClient } from "../../../../src/infrastructure/kafka/kafka-client";
import { createLogger } from "../../../../src/infrastructure/logging/logger";

type Operation = { responses: Record<string, { content?: Record<string, { schema: object }> }> };
type OpenApiDocument = { openapi: string; paths: Record<string, Record<string, Operation>> };
type Answer = { status: number; contentType: string; text: string; body: unknown };

const METHODS = ["get", "put", "post", "delete", "options", "head", "patch", "trace"];

/** `METHOD /path/{param}` of every route the service's routers register (express 5 router layers). */
function registeredRoutes(routers: Router[]): string[] {
  const found = new Set<string>();
  for (const router of routers) {
    for (const layer of router.stack as Array<{ route?: { path: string | string[]; methods: Record<string, boolean> } }>) {
      if (!layer.route) continue;
      const paths = Array.isArray(layer.route.path) ? layer.route.path : [layer.route.path];
      for (const path of paths) {
        if (typeof path !== "string") throw new Error(`a route path that is not a string cannot be documented: ${String(path)}`);
        for (const [method, on] of Object.entries(layer.route.methods)) {
          if (on) found.add(`${method === "_all" ? "ALL" : method.toUpperCase()} ${path.replace(/:(\w+)/g, "{$1}")}`);
        }
      }
    }
  }
  return [...found].sort();
}

function documentedRoutes(document: OpenApiDocument): string[] {
  return Object.entries(document.paths)
    .flatMap(([path, item]) => Object.keys(item).filter((key) => METHODS.includes(key)).map((method) => `${method.toUpperCase()} ${path}`))
    .sort();
}

describe("OpenAPI document (GET /openapi.json)", () => {
  let app: RunningApp;
  let document: OpenApiDocument;
  const ajv = new Ajv2020({ allErrors: true, strict: true, formats: { "date-time": (value: string) => !Number.isNaN(Date.parse(value)) } });

  beforeAll(async () => {
    app = await startApp({ ADMIN_TOKEN: OPERATOR_TOKEN });
    const response = await fetch(`${app.baseUrl}/openapi.json`);
    expect(response.status).toBe(200);
    document = (await response.json()) as OpenApiDocument;
  });
  afterAll(async () => {
    await app.stop();
  });

  function call(method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<Answer> {
    return callAt(app.baseUrl, method, path, body, headers);
  }
  async function callAt(baseUrl: string, method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<Answer> {
    const response = await fetch(`${baseUrl}${path}`, {
      method,
      headers: { ...(body === undefined ? {} : { "content-type": "application/json" }), ...headers },
      body: body === undefined ? undefined : typeof body === "string" ? body : JSON.stringify(body),
    });
    const text = await response.text();
    const contentType = response.headers.get("content-type") ?? "";
    return { status: response.status, contentType, text, body: contentType.startsWith("application/json") ? JSON.parse(text) : undefined };
  }
  const operator = { authorization: `Bearer ${OPERATOR_TOKEN}` };

  /**
   * The answer of `method template` must be a documented response: its status is listed for the
   * operation, its media type has content there, and a JSON body validates against that schema.
   * Returns the problem, or undefined.
   */
  function mismatch(method: string, template: string, answer: Answer): string | undefined {
    const operation = document.paths[template]?.[method.toLowerCase()];
    if (!operation) return `${method} ${template} is not documented`;
    const response = operation.responses[String(answer.status)];
    if (!response) return `${method} ${template} answered ${answer.status}, which the document lacks (${answer.text.slice(0, 200)})`;
    const mediaType = answer.contentType.split(";")[0].trim();
    const content = response.content?.[mediaType];
    if (!content) return `${method} ${template} ${answer.status} answered ${mediaType}, which the document lacks`;
    if (mediaType !== "application/json") return undefined;
    const validate = ajv.compile(content.schema);
    if (validate(answer.body)) return undefined;
    return `${method} ${template} ${answer.status}: body ${answer.text.slice(0, 300)} does not match the document: ${ajv.errorsText(validate.errors)}`;
  }

  function expectDocumented(method: string, template: string, answer: Answer, status?: number): void {
    expect(mismatch(method, template, answer)).toBeUndefined();
    // The body goes along, so a wrong status says why.
    if (status !== undefined) expect(`${answer.status} ${answer.text.slice(0, 300)}`).toMatch(new RegExp(`^${status} `));
  }

  it("documents every route the service registers, and no route it does not have", () => {
    const routers = resolve(app.container, Role.routers);
    const registered = registeredRoutes(routers);
    const documented = documentedRoutes(document);
    expect(registered.length).toBeGreaterThan(0);
    expect({ undocumented: registered.filter((r) => !documented.includes(r)), documentedButMissing: documented.filter((r) => !registered.includes(r)) }).toEqual({
      undocumented: [],
      documentedButMissing: [],
    });
  });

  it("is OpenAPI 3.1 with a JSON Schema that compiles for every request and response", () => {
    expect(document.openapi).toMatch(/^3\.1\./);
    const failures: string[] = [];
    for (const [path, item] of Object.entries(document.paths)) {
      for (const [method, operation] of Object.entries(item)) {
        const op = operation as Operation & { requestBody?: { content: Record<string, { schema: object }> }; parameters?: Array<{ schema: object }> };
        const schemas = [
          ...Object.values(op.responses).flatMap((r) => Object.values(r.content ?? {}).map((c) => c.schema)),
          ...Object.values(op.requestBody?.content ?? {}).map((c) => c.schema),
          ...(op.parameters ?? []).map((p) => p.schema),
        ];
        expect(schemas.length).toBeGreaterThan(0);
        for (const schema of schemas) {
          try {
            ajv.compile(schema);
          } catch (error) {
            failures.push(`${method.toUpperCase()} ${path}: ${(error as Error).message}`);
          }
        }
      }
    }
    expect(failures).toEqual([]);
  });

  it("answers the operations routes as documented", async () => {
    expectDocumented("GET", "/health/live", await call("GET", "/health/live"), 200);
    expectDocumented("GET", "/health/ready", await call("GET", "/health/ready"), 200);
    expectDocumented("GET", "/metrics", await call("GET", "/metrics"), 200);
    expectDocumented("GET", "/openapi.json", await call("GET", "/openapi.json"), 200);
  });

  it("answers the operator routes as documented", async () => {
    const body = ActivityRequestMother.reference();
    const id = body.activityId as number;
    expectDocumented("POST", "/api/v1/activities", await call("POST", "/api/v1/activities", body), 401);
    expectDocumented("POST", "/api/v1/activities", await call("POST", "/api/v1/activities", body, operator), 201);
    expectDocumented("POST", "/api/v1/activities", await call("POST", "/api/v1/activities", body, operator), 409);
    const invalid = await call("POST", "/api/v1/activities", { ...body, stockCount: -1, takeCount: "ten" }, operator);
    expectDocumented("POST", "/api/v1/activities", invalid, 400);
    // Every bad field, with its path, for a form to show next to the field.
    expect((invalid.body as { fields: Array<{ path: string }> }).fields.map((f) => f.path).sort()).toEqual(["body.stockCount", "body.takeCount"]);
    expectDocumented("POST", "/api/v1/activities", await call("POST", "/api/v1/activities", "{not json", operator), 400);

    const state = "/api/v1/activities/{activityId}/state";
    expectDocumented("POST", state, await call("POST", `/api/v1/activities/${id}/state`, { action: "arraign" }, operator), 200);
    expectDocumented("POST", state, await call("POST", `/api/v1/activities/${id}/state`, { action: "close" }, operator), 409);
    expectDocumented("POST", state, await call("POST", `/api/v1/activities/${id}/state`, { action: "fly" }, operator), 400);
    expectDocumented("POST", state, await call("POST", `/api/v1/activities/${id}/state`, { action: "pass" }), 401);

    const one = "/api/v1/activities/{activityId}";
    expectDocumented("GET", one, await call("GET", `/api/v1/activities/${id}`, undefined, operator), 200);
    expectDocumented("GET", one, await call("GET", `/api/v1/activities/${Number.MAX_SAFE_INTEGER}`, undefined, operator), 404);
    expectDocumented("GET", one, await call("GET", "/api/v1/activities/abc", undefined, operator), 400);

    expectDocumented("GET", "/api/v1/activities", await call("GET", "/api/v1/activities?page=1&size=5&state=ARRAIGNMENT", undefined, operator), 200);
    expectDocumented("GET", "/api/v1/activities", await call("GET", "/api/v1/activities?size=1000", undefined, operator), 400);
    expectDocumented("GET", "/api/v1/activities", await call("GET", "/api/v1/activities"), 401);
  });

  it("answers the draw routes as documented", async () => {
    const uId = `user-${randomUUID().slice(0, 8)}`;
    const winning = await deployDoing(app.baseUrl, ActivityRequestMother.reference({ takeCount: 1 }));
    const won = await call("POST", "/api/v1/draws", { uId, activityId: winning });
    expectDocumented("POST", "/api/v1/draws", won, 200);
    expect((won.body as { result: string }).result).toBe("WIN");
    expectDocumented("POST", "/api/v1/draws", await call("POST", "/api/v1/draws", { uId, activityId: winning }), 409);
    expectDocumented("POST", "/api/v1/draws", await call("POST", "/api/v1/draws", { uId, activityId: Number.MAX_SAFE_INTEGER }), 404);
    expectDocumented("POST", "/api/v1/draws", await call("POST", "/api/v1/draws", { uId: "" }), 400);

    const losing = await deployDoing(app.baseUrl, ActivityRequestMother.withAwards("SINGLE", [award("1", "never", 10, "0")]));
    const key = { "idempotency-key": randomUUID() };
    const lost = await call("POST", "/api/v1/draws", { uId, activityId: losing }, key);
    expectDocumented("POST", "/api/v1/draws", lost, 200);
    expect((lost.body as { result: string }).result).toBe("LOSE");
    expectDocumented("POST", "/api/v1/draws", await call("POST", "/api/v1/draws", { uId, activityId: losing }, key), 200);

    const orderId = (won.body as { orderId: string }).orderId;
    const order = "/api/v1/draws/{orderId}";
    expectDocumented("GET", order, await call("GET", `/api/v1/draws/${orderId}`), 200);
    expectDocumented("GET", order, await call("GET", "/api/v1/draws/999999999999999999"), 404);
    expectDocumented("GET", order, await call("GET", "/api/v1/draws/x1"), 400);

    const mine = "/api/v1/users/{uId}/draws";
    const listed = await call("GET", `/api/v1/users/${uId}/draws?activityId=${winning}`);
    expectDocumented("GET", mine, listed, 200);
    expect((listed.body as { items: unknown[] }).items).toHaveLength(1);
    expectDocumented("GET", mine, await call("GET", `/api/v1/users/${uId}/draws?activityId=-1`), 400);

    const address = "/api/v1/draws/{orderId}/shipping-address";
    const home = { name: "fustack", city: "Beijing" };
    expectDocumented("PUT", address, await call("PUT", `/api/v1/draws/${orderId}/shipping-address`, home), 409);
    expectDocumented("PUT", address, await call("PUT", `/api/v1/draws/999999999999999999/shipping-address`, home), 404);
    expectDocumented("PUT", address, await call("PUT", `/api/v1/draws/${orderId}/shipping-address`, {}), 400);

    const physical = await deployDoing(app.baseUrl, ActivityRequestMother.withAwards("ENTIRETY", [award("1", "IMac", 10, "1", "PHYSICAL")]));
    const prize = await call("POST", "/api/v1/draws", { uId, activityId: physical });
    expectDocumented("POST", "/api/v1/draws", prize, 200);
    const prizeOrder = (prize.body as { orderId: string }).orderId;
    expectDocumented("PUT", address, await call("PUT", `/api/v1/draws/${prizeOrder}/shipping-address`, home), 200);
    expectDocumented("GET", order, await call("GET", `/api/v1/draws/${prizeOrder}`), 200);
  });

  it("answers the redeem-code pool routes as documented", async () => {
    const body = ActivityRequestMother.withAwards("ENTIRETY", [{ ...award("c", "Gift card", 10, "1", "REDEEM_CODE"), whenPoolEmpty: "FAIL" } as ReturnType<typeof award>, award("d", "Thanks", 10, "1")]);
    const id = body.activityId as number;
    const deployed = await call("POST", "/api/v1/activities", body, operator);
    expectDocumented("POST", "/api/v1/activities", deployed, 201);
    expectDocumented("GET", "/api/v1/activities/{activityId}", await call("GET", `/api/v1/activities/${id}`, undefined, operator), 200);
    const pool = "/api/v1/activities/{activityId}/awards/{awardId}/redeem-codes";
    const text = { ...operator, "content-type": "text/plain" };
    expectDocumented("POST", pool, await call("POST", `/api/v1/activities/${id}/awards/c/redeem-codes`, "A\n\nB", text), 200);
    expectDocumented("POST", pool, await call("POST", `/api/v1/activities/${id}/awards/d/redeem-codes`, "A", text), 409);
    expectDocumented("POST", pool, await call("POST", `/api/v1/activities/${id}/awards/x/redeem-codes`, "A", text), 404);
    expectDocumented("POST", pool, await call("POST", `/api/v1/activities/${id}/awards/c/redeem-codes`, { codes: ["A"] }, operator), 415);
    expectDocumented("POST", pool, await call("POST", `/api/v1/activities/${id}/awards/c/redeem-codes`, "A", { "content-type": "text/plain" }), 401);
    expectDocumented("GET", pool, await call("GET", `/api/v1/activities/${id}/awards/c/redeem-codes`, undefined, operator), 200);
    expectDocumented("GET", pool, await call("GET", `/api/v1/activities/0/awards/c/redeem-codes`, undefined, operator), 400);
    expectDocumented("GET", pool, await call("GET", `/api/v1/activities/${Number.MAX_SAFE_INTEGER}/awards/c/redeem-codes`, undefined, operator), 404);

    const campaignId = id;
    const campaignPool = "/api/v1/campaigns/{campaignId}/redeem-codes";
    await call("POST", "/api/v1/campaigns", { campaignId, name: "codes", award: { awardId: `c-${campaignId}`, type: "REDEEM_CODE", name: "Gift" } }, operator);
    expectDocumented("POST", campaignPool, await call("POST", `/api/v1/campaigns/${campaignId}/redeem-codes`, "A", text), 200);
    expectDocumented("POST", campaignPool, await call("POST", `/api/v1/campaigns/${Number.MAX_SAFE_INTEGER}/redeem-codes`, "A", text), 404);
    expectDocumented("GET", campaignPool, await call("GET", `/api/v1/campaigns/${campaignId}/redeem-codes`, undefined, operator), 200);
    expectDocumented("GET", campaignPool, await call("GET", `/api/v1/campaigns/${campaignId}/redeem-codes`), 401);
  });

  it("answers the operator console's routes as documented", async () => {
    // Topics of its own: the replay below must send back only the dead letter written here.
    const topics = ownTopics("openapi-operator");
    const own = await startApp({ ADMIN_TOKEN: OPERATOR_TOKEN, ...topics.env });
    const kafka = new KafkaClient(own.config.kafka, createLogger("silent"));
    const at = (method: string, path: string, body?: unknown, headers: Record<string, string> = {}) => callAt(own.baseUrl, method, path, body, headers);
    try {
      const activityId = await deployDoing(own.baseUrl, ActivityRequestMother.reference());
      for (const route of ["/api/v1/operator/summary", "/api/v1/operator/stuck", "/api/v1/operator/consumer-lag", "/api/v1/operator/dead-letters"]) {
        expectDocumented("GET", route, await at("GET", route), 401);
        expectDocumented("GET", route, await at("GET", route, undefined, operator), 200);
      }
      const summary = await at("GET", "/api/v1/operator/summary", undefined, operator);
      expect((summary.body as { items: Array<{ activityId: number }> }).items.find((a) => a.activityId === activityId)).toMatchObject({ state: "DOING", actions: ["close"], stockLeft: 100 });
      expectDocumented("GET", "/api/v1/operator/stuck", await at("GET", "/api/v1/operator/stuck?limit=0", undefined, operator), 400);
      expectDocumented("GET", "/api/v1/operator/dead-letters", await at("GET", "/api/v1/operator/dead-letters?reason=boredom", undefined, operator), 400);
      expectDocumented("POST", "/api/v1/operator/stuck/resend", await at("POST", "/api/v1/operator/stuck/resend"), 401);

      const replay = "/api/v1/operator/dead-letters/replay";
      const orderId = "987654321012345678";
      expectDocumented("POST", replay, await at("POST", replay, { orderId }, operator), 404);
      expectDocumented("POST", replay, await at("POST", replay, { orderId: "x" }, operator), 400);
      expectDocumented("POST", replay, await at("POST", replay, { orderId }), 401);
      await kafka.send(topics.deadLetterTopic, [{ key: "u1", value: JSON.stringify({ orderId }), headers: { "message-id": orderId, "x-reason": "unknown_order", "x-attempts": "1" } }], 10_000);
      const listed = await at("GET", "/api/v1/operator/dead-letters", undefined, operator);
      expectDocumented("GET", "/api/v1/operator/dead-letters", listed, 200);
      expect(listed.body).toMatchObject({ total: 1, replayed: 0, items: [{ orderId, reason: "unknown_order", attempts: 1, replayed: false, grantState: null }] });
      const replayed = await at("POST", replay, { orderId }, operator);
      expectDocumented("POST", replay, replayed, 200);
      expect(replayed.body).toMatchObject({ replayed: 1, skipped: 0, to: topics.invoiceTopic });
      expectDocumented("POST", replay, await at("POST", replay, undefined, operator), 200);

      expectDocumented("GET", "/console", await at("GET", "/console"), 200);
      expectDocumented("GET", "/console/{asset}", await at("GET", "/console/main.js"), 200);
      expectDocumented("GET", "/console/{asset}", await at("GET", "/console/console.css"), 200);
      expectDocumented("GET", "/console/{asset}", await at("GET", "/console/secrets.env"), 404);
    } finally {
      await kafka.disconnect();
      await own.stop();
    }
  });

  it("fails on an answer the document does not describe (the check itself)", () => {
    expect(mismatch("GET", "/health/live", { status: 200, contentType: "application/json", text: "{}", body: { status: "up" } })).toMatch(/does not match/);
    expect(mismatch("GET", "/health/live", { status: 418, contentType: "application/json", text: "{}", body: {} })).toMatch(/document lacks/);
    expect(mismatch("GET", "/health/live", { status: 200, contentType: "text/html", text: "", body: undefined })).toMatch(/answered text\/html/);
    expect(mismatch("DELETE", "/health/live", { status: 200, contentType: "application/json", text: "{}", body: {} })).toMatch(/not documented/);
  });
});
