import type { IncomingHttpHeaders, IncomingMessage, ServerResponse } from "node:http";
import { withLogContext } from "../../shared/log-context";
import type { ErrorResponder } from "./error-handler";
import { HttpError } from "./http-error";
import { requestIdOf } from "./request-context.middleware";

/** What a lane's handler answers: a status, a JSON body, and extra headers. */
export interface LaneAnswer {
  status: number;
  body: unknown;
  headers?: Record<string, string>;
}

/** Takes a request it can answer alone and returns true, or returns false and leaves it to express. */
export type HttpLane = (req: IncomingMessage, res: ServerResponse) => boolean;

/** What every lane shares with the express app: the body limit and the one error responder. */
export interface LaneContext {
  bodyLimitBytes: number;
  respondToError: ErrorResponder;
}

export type LaneFactory = (context: LaneContext) => HttpLane;

const JSON_TYPE = /^application\/json\s*(;\s*charset="?utf-8"?\s*)?$/i;

/**
 * A POST route with a JSON body, served without express. Express's router, body-parser and
 * response helpers cost about a third of the api process's CPU per draw (bench/draw.bench.ts:
 * 0.71 ms of node per draw through express, 0.48 through the lane), and the draw is the route
 * every user hits. The lane takes only the plain case: `POST path` with no query, a UTF-8 JSON body
 * of known length within the limit, not encoded. Anything else (gzip, chunked, another media type)
 * goes on to the express route, which answers it as it always did. Answers are those of the app:
 * the same X-Request-Id, log context, error bodies (ErrorResponder) and MALFORMED_JSON.
 */
export function jsonPostLane(path: string, handle: (body: unknown, headers: IncomingHttpHeaders) => Promise<LaneAnswer>): LaneFactory {
  return ({ bodyLimitBytes, respondToError }) =>
    (req, res) => {
      if (req.method !== "POST" || req.url !== path || !isPlainJson(req.headers, bodyLimitBytes)) return false;
      const requestId = requestIdOf(req.headers["x-request-id"]);
      const answer = (status: number, body: unknown, headers?: Record<string, string>) => sendJson(res, status, body, { "x-request-id": requestId, ...headers });
      const fail = (error: unknown) => {
        // An answer that broke half-way cannot be replaced by another: the connection goes instead.
        if (res.headersSent) {
          res.destroy();
          return;
        }
        const { status, body } = respondToError(error, { method: req.method, path });
        answer(status, body);
      };
      readBody(req, (text) =>
        withLogContext({ requestId }, () => {
          let body: unknown;
          try {
            body = parseJsonObject(text);
          } catch (error) {
            fail(error);
            return;
          }
          handle(body, req.headers)
            .then(({ status, body: json, headers }) => answer(status, json, headers))
            .catch(fail)
            .catch(() => res.destroy());
        }),
      );
      return true;
    };
}

function isPlainJson(headers: IncomingHttpHeaders, limit: number): boolean {
  const type = headers["content-type"];
  const length = Number(headers["content-length"]);
  return (
    type !== undefined &&
    JSON_TYPE.test(type) &&
    headers["transfer-encoding"] === undefined &&
    (headers["content-encoding"] === undefined || headers["content-encoding"] === "identity") &&
    length > 0 &&
    length <= limit
  );
}

/** The whole body; a client that goes away before sending it gets no answer (there is no one to read it). */
function readBody(req: IncomingMessage, then: (text: string) => void): void {
  const chunks: Buffer[] = [];
  req.on("data", (chunk: Buffer) => chunks.push(chunk));
  req.on("end", () => then(chunks.length === 1 ? chunks[0].toString("utf8") : Buffer.concat(chunks).toString("utf8")));
  req.on("error", () => req.socket.destroy());
}

/** As express.json (strict) parses: an object or an array, a leading BOM dropped, else MALFORMED_JSON. */
function parseJsonObject(text: string): unknown {
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  const first = /[^ \t\n\r]/.exec(text)?.[0];
  try {
    if (first === "{" || first === "[") return JSON.parse(text);
  } catch {
    // answered below
  }
  throw new HttpError("MALFORMED_JSON", "request body is not valid JSON");
}

function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string>): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { ...headers, "content-type": "application/json; charset=utf-8", "content-length": Buffer.byteLength(text) });
  res.end(text);
}

/** HTTP_BODY_LIMIT ("64kb", "1mb", "512b") in bytes, as express reads it (1 kb = 1024 bytes). */
export function bodyLimitBytes(limit: string): number {
  const match = /^(\d+)(b|kb|mb)$/i.exec(limit);
  if (!match) throw new Error(`body limit must look like 64kb, got "${limit}"`);
  const unit = { b: 1, kb: 1024, mb: 1024 * 1024 }[match[2].toLowerCase() as "b" | "kb" | "mb"];
  return Number(match[1]) * unit;
}
