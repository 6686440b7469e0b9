import { createHash, timingSafeEqual } from "node:crypto";
import type { RequestHandler } from "express";
import { HttpError } from "./http-error";

/**
 * Operator routes need `Authorization: Bearer <ADMIN_TOKEN>`. Compared in constant time (over
 * digests, so the length of the token does not leak either). Without a configured token every
 * operator request is refused: an unset variable must never mean "open".
 */
export function requireOperator(adminToken: string | undefined): RequestHandler {
  const expected = adminToken ? digest(adminToken) : undefined;
  return (req, _res, next) => {
    if (!expected) {
      next(new HttpError("UNAUTHORIZED", "operator routes are disabled: ADMIN_TOKEN is not configured"));
      return;
    }
    const match = /^Bearer (.+)$/.exec(req.get("authorization") ?? "");
    if (!match || !timingSafeEqual(digest(match[1]), expected)) {
      next(new HttpError("UNAUTHORIZED", "missing or wrong operator token (Authorization: Bearer <ADMIN_TOKEN>)"));
      return;
    }
    next();
  };
}

function digest(token: string): Buffer {
  return createHash("sha256").update(token).digest();
}
