import type { RequestHandler } from "express";
import { HttpError } from "./http-error";

/**
 * Put on each route that reads a JSON body: a body sent as anything but JSON (curl -d sends
 * application/x-www-form-urlencoded) answers 415 saying so, instead of a validation error about a
 * body that was never parsed. Per route, not global: routes that stream their own media types
 * (campaign recipients as text/plain or NDJSON) must not be caught by it. An empty body is no
 * body: the route's validation answers that one.
 */
export const requireJsonBody: RequestHandler = (req, _res, next) => {
  const hasBody = req.get("transfer-encoding") !== undefined || Number(req.get("content-length") ?? 0) > 0;
  if (hasBody && !req.is(["application/json", "application/*+json"])) {
    const sent = req.get("content-type");
    next(new HttpError("UNSUPPORTED_MEDIA_TYPE", `this route expects a JSON body (Content-Type: application/json); got ${sent ? `"${sent}"` : "no Content-Type"}`));
    return;
  }
  next();
};
