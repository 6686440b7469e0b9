import type { ErrorRequestHandler, RequestHandler } from "express";
import type { Logger } from "pino";
import type { Dependency } from "../../shared/errors";
import { statusForCode } from "./error-status";
import { HttpError, type FieldError } from "./http-error";

/** body-parser marks its errors with a `type`; they are the client's fault, never a 5xx. */
const BODY_PARSER_CODES: Record<string, { code: string; message: string }> = {
  "entity.too.large": { code: "PAYLOAD_TOO_LARGE", message: "request body is larger than the limit" },
  "entity.parse.failed": { code: "MALFORMED_JSON", message: "request body is not valid JSON" },
  "encoding.unsupported": { code: "UNSUPPORTED_MEDIA_TYPE", message: "unsupported content encoding" },
  "charset.unsupported": { code: "UNSUPPORTED_MEDIA_TYPE", message: "unsupported charset" },
  "request.aborted": { code: "ILLEGAL_PARAMETER", message: "request aborted by the client" },
};

/**
 * express.json undoes Content-Encoding itself; a corrupt gzip/deflate/br body fails inside zlib
 * and reaches us as zlib's error with only a 400 status attached (no body-parser `type`).
 */
function undecodableBody(error: unknown): { code: string; message: string } | undefined {
  const e = error as { status?: number; code?: unknown; message?: string } | undefined;
  if (e?.status !== 400 || typeof e.code !== "string" || !/^(Z_|ERR_BROTLI|ERR__ERROR)/.test(e.code)) return undefined;
  return { code: "MALFORMED_BODY", message: `request body could not be decoded as its Content-Encoding says (${e.message ?? e.code})` };
}

/** An error as the response it becomes: its status and {"code","message"}. */
export function errorBody(error: HttpError): { status: number; body: { code: string; message: string; fields?: readonly FieldError[] } } {
  return { status: statusForCode(error.code), body: { code: error.code, message: error.message, ...(error.fields ? { fields: error.fields } : {}) } };
}

export const notFoundHandler: RequestHandler = (req, _res, next) => {
  next(new HttpError("NOT_FOUND", `no route for ${req.method} ${req.path}`));
};

/** What an error is answered with; also logs it (an outage once a second, a 5xx with its stack). */
export type ErrorResponder = (error: unknown, request: { method?: string; path: string }) => { status: number; body: { code: string; message: string } };

/**
 * Every error leaves as {"code","message"} with the status of its code; a stack trace never leaves.
 * `outageOf` says which dependency an error means is away (infrastructure/outage.ts): those answer
 * 503 UNAVAILABLE, a retry may succeed, and nothing was half-written. One responder serves the
 * express app and the lanes beside it (http-lane.ts), so they answer and log alike.
 */
export function errorResponder(log: Logger, outageOf: (error: unknown) => Dependency | null): ErrorResponder {
  let lastOutageLogAt = 0;
  return (error, { method, path }) => {
    const parserType = (error as { type?: string })?.type;
    const known = error instanceof HttpError ? errorBody(error).body : parserType ? BODY_PARSER_CODES[parserType] : undecodableBody(error);
    const outage = known ? null : outageOf(error);
    const body =
      known ??
      (outage
        ? { code: "UNAVAILABLE", message: `${outage === "postgres" ? "the database" : outage === "redis" ? "Redis" : "Kafka"} is unavailable; retry later` }
        : { code: "INTERNAL_ERROR", message: "internal error; the details are in the service log" });
    const status = statusForCode(body.code);
    if (outage) {
      // An outage fails every request alike: one line a second tells the story without flooding.
      if (Date.now() - lastOutageLogAt >= 1000) {
        lastOutageLogAt = Date.now();
        log.warn({ dependency: outage, err: (error as Error).message, method, path }, "requests failing: dependency unavailable");
      }
    } else if (status >= 500) log.error({ err: error, method, path }, "request failed");
    return { status, body };
  };
}

export function errorHandler(respond: ErrorResponder): ErrorRequestHandler {
  return (error: unknown, req, res, _next) => {
    const { status, body } = respond(error, req);
    res.status(status).json(body);
  };
}
