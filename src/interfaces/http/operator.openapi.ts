import { BODY_ERRORS, SERVER_ERRORS, queryParameters, type RouteSpec } from "./openapi-route-spec";
import { DeadLettersQuery, ReplayDeadLettersRequest, StuckQuery } from "./operator.request";
import {
  ConsumerLagResponse,
  DeadLettersResponse,
  OperatorSummaryResponse,
  ReplayDeadLettersResponse,
  ResendStuckResponse,
  StuckInvoicesResponse,
} from "./operator.response-schema";

/** The operator routes (operator.routes.ts): what `lottery summary`, `stuck` and `dlq` show and do. */
export function operatorRoutesSpec(): RouteSpec[] {
  const base = { tag: "operator", operator: true } as const;
  return [
    {
      ...base,
      method: "get",
      path: "/api/v1/operator/summary",
      operationId: "operatorSummary",
      summary: "Per activity: state, the moves allowed from it, live stock left, draws, wins, granted, pending, failed",
      ok: { status: 200, description: "every activity", schema: OperatorSummaryResponse },
      errors: ["UNAUTHORIZED", ...SERVER_ERRORS],
    },
    {
      ...base,
      method: "get",
      path: "/api/v1/operator/stuck",
      operationId: "stuckInvoices",
      summary: "Orders whose invoice send failed (mq_state FAIL) or never finished (INIT older than SCANNER_STALE_AFTER_MS), oldest first",
      parameters: queryParameters(StuckQuery),
      ok: { status: 200, description: "how many are stuck, and the oldest `limit` of them", schema: StuckInvoicesResponse },
      errors: ["UNAUTHORIZED", "ILLEGAL_PARAMETER", ...SERVER_ERRORS],
    },
    {
      ...base,
      method: "post",
      path: "/api/v1/operator/stuck/resend",
      operationId: "resendStuckInvoices",
      summary: "Re-send every stuck invoice now, with the scanner's leases (503 when Kafka refuses: the rest stay stuck for the scanner)",
      ok: { status: 200, description: "how many were re-sent", schema: ResendStuckResponse },
      errors: ["UNAUTHORIZED", ...SERVER_ERRORS],
    },
    {
      ...base,
      method: "get",
      path: "/api/v1/operator/consumer-lag",
      operationId: "consumerLag",
      summary: "Messages of the invoice topic the consumer group has not committed yet, per partition",
      ok: { status: 200, description: "the lag", schema: ConsumerLagResponse },
      errors: ["UNAUTHORIZED", ...SERVER_ERRORS],
    },
    {
      ...base,
      method: "get",
      path: "/api/v1/operator/dead-letters",
      operationId: "deadLetters",
      summary: "The dead letters of lottery_invoice.dlq with their reasons, whether each was replayed, and where its order stands now",
      parameters: queryParameters(DeadLettersQuery),
      ok: { status: 200, description: "the dead letters, in topic order", schema: DeadLettersResponse },
      errors: ["UNAUTHORIZED", "ILLEGAL_PARAMETER", ...SERVER_ERRORS],
    },
    {
      ...base,
      method: "post",
      path: "/api/v1/operator/dead-letters/replay",
      operationId: "replayDeadLetters",
      summary: "Send the dead letters not replayed yet (one order's, one reason's, or all) back to lottery_invoice; each is replayed once",
      body: ReplayDeadLettersRequest,
      bodyOptional: true,
      ok: { status: 200, description: "what was sent back", schema: ReplayDeadLettersResponse },
      errors: ["UNAUTHORIZED", ...BODY_ERRORS, "DEAD_LETTER_NOT_FOUND", ...SERVER_ERRORS],
    },
  ];
}

/** The console's page and files (console.routes.ts); it asks for the token itself, so these need none. */
export function consoleRoutesSpec(): RouteSpec[] {
  return [
    {
      method: "get",
      path: "/console",
      operationId: "console",
      summary: "The operator console, a single page served by the service (no CDN)",
      tag: "operations",
      ok: { status: 200, description: "the page", content: { "text/html": { schema: { type: "string" } } } },
      errors: ["NOT_FOUND", "INTERNAL_ERROR"],
    },
    {
      method: "get",
      path: "/console/{asset}",
      operationId: "consoleAsset",
      summary: "A script or style sheet of the console",
      tag: "operations",
      parameters: [{ name: "asset", in: "path", required: true, schema: { type: "string" } }],
      ok: {
        status: 200,
        description: "the file",
        content: { "text/javascript": { schema: { type: "string" } }, "text/css": { schema: { type: "string" } } },
      },
      errors: ["NOT_FOUND", "INTERNAL_ERROR"],
    },
  ];
}
