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

export const notFoundHandler: RequestHandler = (req, _res, next) => {
  next(new HttpError("NOT_FOUND", `no route for ${req.method} ${req.path}`));
};

/** Every error leaves as {"code","message"} with the status of its code; a stack trace never leaves. */
export function errorHandler(log: Logger): ErrorRequestHandler {
  return (error: unknown, req, res, _next) => {
    const parserType = (error as { type?: string })?.type;
    const known = error instanceof HttpError ? { code: error.code, message: error.message } : parserType ? BODY_PARSER_CODES[parserType] : undefined;
    const body = known ?? { code: "INTERNAL_ERROR", message: "internal error; the details are in the service log" };
    const status = statusForCode(body.code);
    if (status >= 500) log.error({ err: error, method: req.method, path: req.path }, "request failed");
    res.status(status).json(body);
  };
}
