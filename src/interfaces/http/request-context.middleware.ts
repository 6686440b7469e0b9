import { randomUUID } from "node:crypto";
import type { RequestHandler } from "express";
import { withLogContext } from "../../shared/log-context";

const ACCEPTABLE = /^[\x21-\x7E]{1,128}$/;

/**
 * Gives each request an id (the caller's X-Request-Id when it is sane, else a new one), echoes it
 * back, and puts it on every log line written while handling the request. Mounted after the body
 * parser: work resumed by the socket's stream events would otherwise run outside the context.
 */
export const requestContext: RequestHandler = (req, res, next) => {
  const requestId = requestIdOf(req.get("x-request-id"));
  res.set("x-request-id", requestId);
  withLogContext({ requestId }, next);
};

/** The caller's X-Request-Id when it is sane (printable ASCII, at most 128), else a new one. */
export function requestIdOf(given: string | string[] | undefined): string {
  return typeof given === "string" && ACCEPTABLE.test(given) ? given : randomUUID();
}
