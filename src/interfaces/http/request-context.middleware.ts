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
  const given = req.get("x-request-id");
  const requestId = given && ACCEPTABLE.test(given) ? given : randomUUID();
  res.set("x-request-id", requestId);
  withLogContext({ requestId }, next);
};
