import { createServer, request, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { gzipSync } from "node:zlib";
import { Router } from "express";
import { createLogger } from "../../../../src/infrastructure/logging/logger";
import { createHttpApp } from "../../../../src/interfaces/http/app";
import { HttpError } from "../../../../src/interfaces/http/http-error";
import { bodyLimitBytes, jsonPostLane } from "../../../../src/interfaces/http/http-lane";
import { requireJsonBody } from "../../../../src/interfaces/http/json-body.middleware";
import { DependencyUnavailableError } from "../../../../src/shared/errors";
import { currentLogContext } from "../../../../src/shared/log-context";

// A lane answers the plain case of its route without express; every other request of the route
// must reach the express route, and both must answer alike. Each answer says who served it.

interface Answer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: any;
}

let server: Server;
let port: number;
let handled: unknown[];

/** What the route does with a body, wherever it is served: echo it, or fail as the body asks. */
async function handle(body: any): Promise<{ status: number; body: unknown; headers?: Record<string, string> }> {
  handled.push(body);
  if (body.fail === "http") throw new HttpError("ILLEGAL_PARAMETER", "body.x: bad");
  if (body.fail === "outage") throw new DependencyUnavailableError("postgres", "connection refused");
  if (body.fail === "bug") throw new Error("a bug");
  if (body.fail === "unwritable") return { status: 200, body: { big: BigInt(1) } };
  return { status: 200, body: { echo: body, requestId: currentLogContext()?.requestId }, headers: { "x-extra": "1" } };
}

beforeAll(async () => {
  const router = Router();
  router.post("/echo", requireJsonBody, async (req, res) => {
    const answer = await handle(req.body);
    res.status(answer.status).set({ ...answer.headers, "x-served-by": "express" }).json(answer.body);
  });
  const app = createHttpApp({
    bodyLimit: "1kb",
    routers: [router],
    lanes: [jsonPostLane("/echo", async (body) => {
      const answer = await handle(body);
      return { ...answer, headers: { ...answer.headers, "x-served-by": "lane" } };
    })],
    log: createLogger("silent"),
    outageOf: (error) => (error instanceof DependencyUnavailableError ? error.dependency : null),
  });
  server = createServer(app);
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  port = (server.address() as AddressInfo).port;
});
afterAll(() => new Promise((resolve) => server.close(resolve)));
beforeEach(() => (handled = []));

function post(path: string, body: string | Buffer, headers: Record<string, string | number> = {}): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = request({ host: "127.0.0.1", port, path, method: "POST", headers }, (res) => {
      let text = "";
      res.on("data", (chunk) => (text += chunk));
      res.on("end", () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: text ? JSON.parse(text) : undefined }));
    });
    req.on("error", reject);
    req.end(body);
  });
}

const json = (body: unknown, headers: Record<string, string | number> = {}) => {
  const text = JSON.stringify(body);
  return { text, headers: { "content-type": "application/json", "content-length": Buffer.byteLength(text), ...headers } };
};

describe("a JSON POST lane beside express", () => {
  it("answers the plain case itself, with the handler's status, body and headers, inside a log context of the request's id", async () => {
    const { text, headers } = json({ a: 1 }, { "x-request-id": "req-42" });
    const answer = await post("/echo", text, headers);
    expect(answer).toMatchObject({ status: 200, body: { echo: { a: 1 }, requestId: "req-42" } });
    expect(answer.headers).toMatchObject({ "x-served-by": "lane", "x-extra": "1", "x-request-id": "req-42", "content-type": "application/json; charset=utf-8" });
  });

  it("gives a request without a sane X-Request-Id a new one", async () => {
    const { text, headers } = json({ a: 1 }, { "x-request-id": "has spaces" });
    const answer = await post("/echo", text, headers);
    expect(answer.headers["x-served-by"]).toBe("lane");
    expect(answer.headers["x-request-id"]).toMatch(/^[0-9a-f-]{36}$/);
    expect(answer.body.requestId).toBe(answer.headers["x-request-id"]);
  });

  it("reads a body that starts with a byte order mark, as express does", async () => {
    const text = `\uFEFF${JSON.stringify({ bom: true })}`;
    const headers = { "content-type": "application/json", "content-length": Buffer.byteLength(text) };
    const laneAnswer = await post("/echo", text, headers);
    const expressAnswer = await post("/echo", text, { "content-type": "application/json", "transfer-encoding": "chunked" });
    expect(laneAnswer).toMatchObject({ status: 200, body: { echo: { bom: true } }, headers: { "x-served-by": "lane" } });
    expect(expressAnswer).toMatchObject({ status: 200, body: { echo: { bom: true } }, headers: { "x-served-by": "express" } });
  });

  it.each([
    ["a charset parameter", { "content-type": "application/json; charset=utf-8" }],
    ["an identity encoding", { "content-encoding": "identity" }],
  ])("takes a body with %s", async (_case, extra) => {
    const { text, headers } = json({ b: 2 }, extra);
    expect((await post("/echo", text, headers)).headers["x-served-by"]).toBe("lane");
  });

  it.each([
    ["gzip", () => ({ body: gzipSync(JSON.stringify({ c: 3 })), headers: { "content-type": "application/json", "content-encoding": "gzip" } })],
    ["chunked", () => ({ body: JSON.stringify({ c: 3 }), headers: { "content-type": "application/json", "transfer-encoding": "chunked" } })],
    ["a +json media type", () => ({ body: JSON.stringify({ c: 3 }), headers: { "content-type": "application/vnd.lottery+json" } })],
  ])("leaves a %s body to express, which answers it as before", async (_case, make) => {
    const { body, headers } = make();
    const answer = await post("/echo", body, headers);
    expect(answer).toMatchObject({ status: 200, body: { echo: { c: 3 } } });
    expect(answer.headers["x-served-by"]).toBe("express");
  });

  it("leaves a query string, another path and another method to express", async () => {
    const { text, headers } = json({ d: 4 });
    expect((await post("/echo?x=1", text, headers)).headers["x-served-by"]).toBe("express");
    expect((await post("/other", text, headers)).status).toBe(404);
  });

  it("leaves a body over the limit to express: 413 PAYLOAD_TOO_LARGE, never handled", async () => {
    const { text, headers } = json({ big: "x".repeat(2000) });
    const answer = await post("/echo", text, headers);
    expect(answer).toMatchObject({ status: 413, body: { code: "PAYLOAD_TOO_LARGE" } });
    expect(handled).toEqual([]);
  });

  it("answers a non-JSON body under a JSON Content-Type as express does: 400 MALFORMED_JSON, never handled", async () => {
    for (const text of ["{not json", '"a string"', "42"]) {
      const laneAnswer = await post("/echo", text, { "content-type": "application/json", "content-length": Buffer.byteLength(text) });
      const expressAnswer = await post("/echo", text, { "content-type": "application/json", "transfer-encoding": "chunked" });
      expect(laneAnswer).toMatchObject({ status: 400, body: { code: "MALFORMED_JSON", message: "request body is not valid JSON" } });
      expect(laneAnswer.body).toEqual(expressAnswer.body);
    }
    expect(handled).toEqual([]);
  });

  it.each([
    ["an HttpError", "http", 400, "ILLEGAL_PARAMETER"],
    ["a dependency away", "outage", 503, "UNAVAILABLE"],
    ["a bug", "bug", 500, "INTERNAL_ERROR"],
  ])("answers %s thrown by the handler as the express app answers it", async (_case, fail, status, code) => {
    const lane = json({ fail });
    const viaExpress = json({ fail }, { "content-type": "application/vnd.lottery+json" });
    const [laneAnswer, expressAnswer] = [await post("/echo", lane.text, lane.headers), await post("/echo", viaExpress.text, viaExpress.headers)];
    expect(laneAnswer).toMatchObject({ status, body: { code } });
    expect(laneAnswer.body).toEqual(expressAnswer.body);
    expect(laneAnswer.headers["x-request-id"]).toBeDefined();
  });
});

describe("a lane whose answer cannot be written", () => {
  it("answers 500 INTERNAL_ERROR instead of crashing, and goes on serving", async () => {
    const broken = json({ fail: "unwritable" });
    expect(await post("/echo", broken.text, broken.headers)).toMatchObject({ status: 500, body: { code: "INTERNAL_ERROR" } });
    const fine = json({ after: true });
    expect(await post("/echo", fine.text, fine.headers)).toMatchObject({ status: 200, body: { echo: { after: true } } });
  });
});

describe("bodyLimitBytes", () => {
  it("reads HTTP_BODY_LIMIT as express does (1 kb = 1024 bytes)", () => {
    expect(bodyLimitBytes("512b")).toBe(512);
    expect(bodyLimitBytes("64kb")).toBe(65536);
    expect(bodyLimitBytes("2MB")).toBe(2 * 1024 * 1024);
    expect(() => bodyLimitBytes("64 kilobytes")).toThrow(/64kb/);
  });
});
