import { z } from "zod";
import { ActivityIdParam, ChangeStateRequest, DeployActivityRequest, ListActivitiesQuery } from "../contract/activity.request";
import { ActivityPageResponse, DeployedActivityResponse, StateMoveResponse } from "./activity.response-schema";
import { ErrorResponse, LiveResponse, NotReadyResponse, ReadyResponse, errorResponseOf } from "./common.response-schema";
import { DrawOutcomeResponse, OrderWithDeliveryResponse, ShippingAddressResponse, UserDrawsResponse } from "./draw.response-schema";
import { DrawRequest, IdempotencyKey, OrderIdParam, UserDrawsQuery, UserId } from "./draw.request";
import { statusForCode } from "./error-status";
import { campaignRoutesSpec } from "./campaign.openapi";
import { ShippingAddressBody } from "./shipping-address.routes";
import { BODY_ERRORS, SERVER_ERRORS, jsonSchemaOf, path, queryParameters, type JsonSchema, type RouteSpec } from "./openapi-route-spec";
import { consoleRoutesSpec, operatorRoutesSpec } from "./operator.openapi";
import { redeemCodeRoutesSpec } from "./redeem-code.openapi";

export { jsonSchemaOf };

/**
 * The OpenAPI 3.1 document of the REST API, served at GET /openapi.json. Request bodies,
 * parameters and queries are converted from the zod schemas that validate them (activity.request.ts,
 * draw.request.ts, shipping-address.routes.ts); responses from the *.response-schema.ts schemas;
 * each error status from the codes a route answers, through the one table in error-status.ts.
 * test/integration/interfaces/http/openapi.int-spec.ts keeps it equal to the routes.
 */

/** Refinements zod cannot express in JSON Schema (the field counts of an address), added here. */
function drawRequestSchema(): JsonSchema {
  const json = jsonSchemaOf(DrawRequest, "input") as { properties: { shippingAddress: { anyOf: JsonSchema[] } } };
  json.properties.shippingAddress.anyOf = json.properties.shippingAddress.anyOf.map((s) => (s.type === "object" ? { ...s, maxProperties: 16 } : s));
  return json as unknown as JsonSchema;
}
function shippingAddressSchema(): JsonSchema {
  return { ...jsonSchemaOf(ShippingAddressBody, "input"), minProperties: 1, maxProperties: 16 };
}

const activityId = path("activityId", ActivityIdParam, "the activity id");
const orderId = path("orderId", OrderIdParam, "the order id, a decimal string (it may exceed 2^53)");

export const ROUTES: readonly RouteSpec[] = [
  {
    method: "get",
    path: "/health/live",
    operationId: "live",
    summary: "Liveness: the process answers",
    tag: "operations",
    ok: { status: 200, description: "live", schema: LiveResponse },
    errors: [],
  },
  {
    method: "get",
    path: "/health/ready",
    operationId: "ready",
    summary: "Readiness: PostgreSQL, Redis and Kafka are usable",
    tag: "operations",
    ok: { status: 200, description: "ready", schema: ReadyResponse },
    errors: ["INTERNAL_ERROR"],
    extra: { "503": { description: "not ready: the dependencies that are down", schema: NotReadyResponse } },
  },
  {
    method: "get",
    path: "/metrics",
    operationId: "metrics",
    summary: "Prometheus metrics (text exposition format)",
    tag: "operations",
    ok: { status: 200, description: "the metrics", content: { "text/plain": { schema: { type: "string" } } } },
    errors: ["INTERNAL_ERROR"],
  },
  {
    method: "get",
    path: "/openapi.json",
    operationId: "openApi",
    summary: "This document",
    tag: "operations",
    ok: {
      status: 200,
      description: "the OpenAPI 3.1 document",
      content: {
        "application/json": {
          schema: {
            type: "object",
            properties: { openapi: { type: "string", pattern: "^3\\.1\\." }, info: { type: "object" }, paths: { type: "object" } },
            required: ["openapi", "info", "paths"],
          },
        },
      },
    },
    errors: ["INTERNAL_ERROR"],
  },
  {
    method: "post",
    path: "/api/v1/activities",
    operationId: "deployActivity",
    summary: "Deploy an activity (state EDIT) with its strategy",
    tag: "activities",
    operator: true,
    body: DeployActivityRequest,
    ok: { status: 201, description: "the deployed activity", schema: DeployedActivityResponse },
    errors: ["UNAUTHORIZED", ...BODY_ERRORS, "ACTIVITY_ALREADY_EXISTS", ...SERVER_ERRORS],
  },
  {
    method: "post",
    path: "/api/v1/activities/{activityId}/state",
    operationId: "changeActivityState",
    summary: "Move an activity to another state (DOMAIN.md state machine, compare-and-set)",
    tag: "activities",
    operator: true,
    parameters: [activityId],
    body: ChangeStateRequest,
    ok: { status: 200, description: "the move", schema: StateMoveResponse },
    errors: ["UNAUTHORIZED", ...BODY_ERRORS, "ACTIVITY_NOT_FOUND", "ACTIVITY_STATE_CONFLICT", ...SERVER_ERRORS],
  },
  {
    method: "get",
    path: "/api/v1/activities/{activityId}",
    operationId: "getActivity",
    summary: "An activity with its stock surplus and each award's surplus and rate",
    tag: "activities",
    operator: true,
    parameters: [activityId],
    ok: { status: 200, description: "the activity", schema: DeployedActivityResponse },
    errors: ["UNAUTHORIZED", "ILLEGAL_PARAMETER", "ACTIVITY_NOT_FOUND", ...SERVER_ERRORS],
  },
  {
    method: "get",
    path: "/api/v1/activities",
    operationId: "listActivities",
    summary: "A page of activities, optionally in one state",
    tag: "activities",
    operator: true,
    parameters: queryParameters(ListActivitiesQuery),
    ok: { status: 200, description: "the page", schema: ActivityPageResponse },
    errors: ["UNAUTHORIZED", "ILLEGAL_PARAMETER", ...SERVER_ERRORS],
  },
  {
    method: "post",
    path: "/api/v1/draws",
    operationId: "draw",
    summary: "Draw once: WIN with an order, or LOSE",
    tag: "draws",
    parameters: [
      {
        name: "Idempotency-Key",
        in: "header",
        required: false,
        description: "a retry with the same key gets the first answer and takes nothing twice",
        schema: jsonSchemaOf(IdempotencyKey, "input"),
      },
    ],
    body: DrawRequest,
    ok: {
      status: 200,
      description: "the outcome",
      schema: DrawOutcomeResponse,
      headers: { "Idempotent-Replayed": { description: "`true` when this is the stored answer of an earlier request with the same Idempotency-Key", schema: { type: "string", enum: ["true"] } } },
    },
    errors: [...BODY_ERRORS, "ACTIVITY_NOT_FOUND", "ACTIVITY_NOT_OPEN", "ACTIVITY_OUT_OF_STOCK", "TAKE_LIMIT_REACHED", "IDEMPOTENCY_KEY_IN_USE", "IDEMPOTENCY_KEY_REUSED", ...SERVER_ERRORS],
  },
  {
    method: "get",
    path: "/api/v1/draws/{orderId}",
    operationId: "getOrder",
    summary: "An order with grantState, mqState and its delivery",
    tag: "draws",
    parameters: [orderId],
    ok: { status: 200, description: "the order", schema: OrderWithDeliveryResponse },
    errors: ["ILLEGAL_PARAMETER", "ORDER_NOT_FOUND", ...SERVER_ERRORS],
  },
  {
    method: "get",
    path: "/api/v1/users/{uId}/draws",
    operationId: "userDraws",
    summary: "A user's orders, newest first (by orderId), a page at a time (`page` from 1, `size` up to 100, default 20) with the total",
    tag: "draws",
    parameters: [path("uId", UserId, "the user id"), ...queryParameters(UserDrawsQuery)],
    ok: { status: 200, description: "the orders", schema: UserDrawsResponse },
    errors: ["ILLEGAL_PARAMETER", ...SERVER_ERRORS],
  },
  {
    method: "put",
    path: "/api/v1/draws/{orderId}/shipping-address",
    operationId: "provideShippingAddress",
    summary: "The shipping address of a PHYSICAL prize won without one",
    tag: "draws",
    parameters: [orderId],
    body: ShippingAddressBody,
    ok: { status: 200, description: "the address is on the shipment (READY_TO_SHIP) or kept for the grant to come (ADDRESS_SAVED)", schema: ShippingAddressResponse },
    errors: [...BODY_ERRORS, "ORDER_NOT_FOUND", "AWARD_NOT_PHYSICAL", "SHIPPING_ADDRESS_CONFLICT", ...SERVER_ERRORS],
  },
  ...campaignRoutesSpec(),
  ...redeemCodeRoutesSpec(),
  ...operatorRoutesSpec(),
  ...consoleRoutesSpec(),
];


/** Codes by the status error-status.ts gives them, in the order the route lists them. */
function errorsByStatus(codes: readonly string[]): Map<number, [string, ...string[]]> {
  const byStatus = new Map<number, [string, ...string[]]>();
  for (const code of new Set(codes)) {
    const status = statusForCode(code);
    const known = byStatus.get(status);
    if (known) known.push(code);
    else byStatus.set(status, [code]);
  }
  return byStatus;
}

function requestBodySchema(route: RouteSpec): JsonSchema {
  if (route.body === DrawRequest) return drawRequestSchema();
  if (route.body === ShippingAddressBody) return shippingAddressSchema();
  return jsonSchemaOf(route.body as z.ZodType, "input");
}

function operation(route: RouteSpec): JsonSchema {
  const responses: Record<string, unknown> = {
    [String(route.ok.status)]: {
      description: route.ok.description,
      ...(route.ok.headers ? { headers: route.ok.headers } : {}),
      content: route.ok.content ?? { "application/json": { schema: jsonSchemaOf(route.ok.schema as z.ZodType, "output") } },
    },
  };
  for (const [status, codes] of errorsByStatus(route.errors)) {
    responses[String(status)] = {
      description: codes.join(", "),
      content: { "application/json": { schema: jsonSchemaOf(errorResponseOf(codes), "output") } },
    };
  }
  for (const [status, { description, schema }] of Object.entries(route.extra ?? {})) {
    responses[status] = { description, content: { "application/json": { schema: jsonSchemaOf(schema, "output") } } };
  }
  return {
    operationId: route.operationId,
    summary: route.summary,
    tags: [route.tag],
    ...(route.operator ? { security: [{ operatorToken: [] }] } : {}),
    ...(route.parameters?.length ? { parameters: route.parameters } : {}),
    ...(route.body ? { requestBody: { required: !route.bodyOptional, content: { "application/json": { schema: requestBodySchema(route) } } } } : {}),
    ...(route.rawBody ? { requestBody: { required: true, ...route.rawBody } } : {}),
    responses,
  };
}

export function buildOpenApiDocument(): Record<string, unknown> {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const route of ROUTES) (paths[route.path] ??= {})[route.method] = operation(route);
  return {
    openapi: "3.1.0",
    jsonSchemaDialect: "https://spec.openapis.org/oas/3.1/dialect/base",
    info: {
      title: "lottery-delivery",
      version: "1",
      description: "Lottery draws and prize delivery. Errors are always {\"code\",\"message\"} (a 400 ILLEGAL_PARAMETER from validation adds \"fields\": every bad field as {\"path\",\"message\"}); the contract is DOMAIN.md (REST API).",
    },
    tags: [
      { name: "activities", description: "operator routes (Authorization: Bearer ADMIN_TOKEN)" },
      { name: "campaigns", description: "bulk grant campaigns, operator routes (Authorization: Bearer ADMIN_TOKEN)" },
      { name: "redeem codes", description: "redeem-code pools of REDEEM_CODE awards, operator routes (Authorization: Bearer ADMIN_TOKEN)" },
      { name: "draws", description: "user routes, behind the gateway that authenticates users" },
      { name: "operator", description: "what an operator watches and does during a campaign (the CLI's summary, stuck and dlq; the console), operator routes (Authorization: Bearer ADMIN_TOKEN)" },
      { name: "operations", description: "health, metrics and this document" },
    ],
    paths,
    components: {
      schemas: { Error: jsonSchemaOf(ErrorResponse, "output") },
      securitySchemes: { operatorToken: { type: "http", scheme: "bearer", description: "the ADMIN_TOKEN of the service" } },
    },
  };
}
