import { z } from "zod";

/** The pieces every route's OpenAPI description is made of (openapi.document.ts assembles them). */

export type JsonSchema = Record<string, unknown>;
export type HttpMethod = "get" | "post" | "put";

/** JSON Schema 2020-12 (the dialect of OpenAPI 3.1) of a zod schema, without its `$schema` line. */
export function jsonSchemaOf(schema: z.ZodType, io: "input" | "output"): JsonSchema {
  const { $schema: _dialect, ...rest } = z.toJSONSchema(schema, { target: "draft-2020-12", io, unrepresentable: "any" }) as JsonSchema;
  return rest;
}

/** Errors any route may answer: a dependency away (503) or a bug (500). */
export const SERVER_ERRORS = ["UNAVAILABLE", "INTERNAL_ERROR"] as const;
/** Errors of reading a JSON body (express.json, error-handler.ts). */
export const BODY_ERRORS = ["ILLEGAL_PARAMETER", "MALFORMED_JSON", "MALFORMED_BODY", "PAYLOAD_TOO_LARGE", "UNSUPPORTED_MEDIA_TYPE"] as const;

export interface Parameter {
  name: string;
  in: "path" | "query" | "header";
  required: boolean;
  description?: string;
  schema: JsonSchema;
}

export interface RouteSpec {
  method: HttpMethod;
  /** The OpenAPI path, `{param}` where express has `:param`. */
  path: string;
  operationId: string;
  summary: string;
  tag: string;
  operator?: boolean;
  parameters?: Parameter[];
  body?: z.ZodType;
  /** The JSON body may be left out (its fields are all optional). */
  bodyOptional?: boolean;
  /** A body that is not JSON: its media types and what they hold. */
  rawBody?: { description: string; content: Record<string, { schema: JsonSchema }> };
  /** The success status and its JSON body, or a non-JSON content. */
  ok: { status: number; description: string; schema?: z.ZodType; content?: Record<string, { schema: JsonSchema }>; headers?: Record<string, unknown> };
  /** Error codes this route answers; each goes under the status error-status.ts gives it. */
  errors: readonly string[];
  /** Responses that are not {"code","message"} for a status (e.g. readiness 503). */
  extra?: Record<string, { description: string; schema: z.ZodType }>;
}

export const path = (name: string, schema: z.ZodType, description?: string): Parameter => ({
  name,
  in: "path",
  required: true,
  ...(description ? { description } : {}),
  schema: jsonSchemaOf(schema, "input"),
});

/** One query parameter per property of a zod object schema (all optional in this API unless required). */
export function queryParameters(schema: z.ZodType): Parameter[] {
  const json = jsonSchemaOf(schema, "input") as { properties?: Record<string, JsonSchema>; required?: string[] };
  return Object.entries(json.properties ?? {}).map(([name, property]) => ({
    name,
    in: "query" as const,
    required: json.required?.includes(name) ?? false,
    schema: property,
  }));
}

