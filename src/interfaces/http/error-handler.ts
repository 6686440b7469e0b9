import type { ErrorRequestHandler, RequestHandler } from "express";
import type { Logger } from "pino";
import { statusForCode } from "./error-status";
import { HttpError } from "./http-error";

/** body-parser marks its errors with a `type`; they are the client's fault, never a 5xx. */
const BODY_PARSER_CODES: Record<string, { code: string; message: string }> = {
  "entity.too.large": { code: "PAYLOAD_TOO_LARGE", message: "request body is larger than the limit" },
  "entity.parse.failed": { code: "MALFORMED_JSON", message: "request body is not valid JSON" },
  "encoding.unsupported": { code: "UNSUPPORTED_MEDIA_TYPE", message: "unsupported content encoding" },
  "charset.unsupported": { code: "UNSUPPORTED_MEDIA_TYPE", message: "unsupported charset" },
  "request.aborted": { code: "ILLEGAL_PARAMETER", message: "request aborted by the client" },
};

/** An error as the response it becomes: its status and {"code","message"}. */
export function errorBody(error: HttpError): { status: number; body: { code: string; message: string } } {
  return { status: statusForCode(error.code), body: { code: error.code, message: error.message } };
}

/**
 * Errors that mean a dependency is away (database or Redis unreachable) rather than a bug:
 * the client gets 503 UNAVAILABLE and may retry; nothing was half-written (each write is one
 * transaction and the live stock is handed back on failure).
 */
function isDependencyOutage(error: unknown): boolean {
  const e = error as { name?: string; code?: string; message?: string };
  if (e?.name === "MaxRetriesPerRequestError") return true;
  if (e?.code && ["P1001", "P1002", "P1008", "P1017", "P2024", "P2028", "ECONNREFUSED", "ETIMEDOUT"].includes(e.code)) return true;
  return /ECONNREFUSED|ETIMEDOUT|Stream isn't writeable|Connection is closed|Connection terminated|timeout exceeded when trying to connect|Can't reach database server/i.test(
    e?.message ?? "",
  );
}

export const notFoundHandler: RequestHandler = (req, _res, next) => {
  next(new HttpError("NOT_FOUND", `no route for ${req.method} ${req.path}`));
};

/** Every error leaves as {"code","message"} with the status of its code; a stack trace never leaves. */
export function errorHandler(log: Logger): ErrorRequestHandler {
  return (error: unknown, req, res, _next) => {
    const parserType = (error as { type?: string })?.type;
    const known = error instanceof HttpError ? { code: error.code, message: error.message } : parserType ? BODY_PARSER_CODES[parserType] : undefined;
    const outage = !known && isDependencyOutage(error);
    const body = known ?? (outage ? { code: "UNAVAILABLE", message: "a dependency is unavailable; retry later" } : { code: "INTERNAL_ERROR", message: "internal error; the details are in the service log" });
    const status = statusForCode(body.code);
    if (outage) log.warn({ err: (error as Error).message, method: req.method, path: req.path }, "request failed: dependency unavailable");
    else if (status >= 500) log.error({ err: error, method: req.method, path: req.path }, "request failed");
    res.status(status).json(body);
  };
}
