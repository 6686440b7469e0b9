import { brotliCompressSync, gzipSync } from "node:zlib";
import { startApp, type RunningApp } from "../../../support/app-harness";
import { ActivityRequestMother } from "../../../support/activity-request.mother";
import { httpClient } from "../../../support/http-client";
import { uniqueId } from "../../../support/unique-id";

const TOKEN = "operator-token-for-bad-input-0123456789";

describe("bad input answers a documented 4xx code, never a 500", () => {
  let app: RunningApp;
  let operator: ReturnType<typeof httpClient>;
  const logLines: string[] = [];

  beforeAll(async () => {
    app = await startApp({ ADMIN_TOKEN: TOKEN }, logLines);
    operator = httpClient(app.baseUrl, TOKEN);
  });
  afterAll(() => app.stop());

  const raw = (method: string, path: string, body: Buffer | string, headers: Record<string, string>) =>
    fetch(`${app.baseUrl}${path}`, { method, headers: { authorization: `Bearer ${TOKEN}`, ...headers }, body }).then(async (r) => ({
      status: r.status,
      body: (await r.json()) as { code: string; message: string },
    }));

  describe("a Content-Encoding that does not decode", () => {
    const draw = JSON.stringify({ uId: "corrupt-body", activityId: 100001 });
    it.each([
      ["gzip that is not gzip", "gzip", Buffer.from("this is not compressed")],
      ["gzip cut short", "gzip", gzipSync(draw).subarray(0, 12)],
      ["br that is not brotli", "br", Buffer.from("this is not compressed either")],
      ["br cut short", "br", brotliCompressSync(Buffer.from(draw.repeat(20))).subarray(0, 9)],
    ])("answers 400 MALFORMED_BODY to %s, and logs no error or stack", async (_what, encoding, body) => {
      const before = logLines.length;
      const response = await raw("POST", "/api/v1/draws", body, { "content-type": "application/json", "content-encoding": encoding });
      expect(response.status).toBe(400);
      expect(response.body.code).toBe("MALFORMED_BODY");
      expect(response.body.message).toMatch(/Content-Encoding/);
      const logged = logLines.slice(before).map((line) => JSON.parse(line) as { level: number; err?: { stack?: string } });
      expect(logged.filter((line) => line.level >= 50 || line.err?.stack !== undefined)).toEqual([]);
    });

    it("still reads a valid gzip body", async () => {
      const body = ActivityRequestMother.reference();
      const response = await raw("POST", "/api/v1/activities", gzipSync(JSON.stringify(body)), { "content-type": "application/json", "content-encoding": "gzip" });
      expect(response.status).toBe(201);
    });
  });

  describe("a body that is not JSON on a JSON route", () => {
    it.each([
      ["form-encoded (curl -d)", "POST", "/api/v1/draws", "application/x-www-form-urlencoded"],
      ["text/plain", "POST", "/api/v1/activities", "text/plain"],
      ["text/plain on a state move", "POST", "/api/v1/activities/100001/state", "text/plain"],
      ["text/plain on a campaign", "POST", "/api/v1/campaigns", "text/plain"],
      ["text/plain on a shipping address", "PUT", "/api/v1/draws/1/shipping-address", "text/plain"],
    ])("answers 415 UNSUPPORTED_MEDIA_TYPE saying JSON is expected: %s", async (_what, method, path, type) => {
      const response = await raw(method, path, '{"uId":"x","activityId":100001}', { "content-type": type });
      expect(response.status).toBe(415);
      expect(response.body.code).toBe("UNSUPPORTED_MEDIA_TYPE");
      expect(response.body.message).toMatch(/expects a JSON body/);
    });

    it("answers 415 to a body with no Content-Type at all", async () => {
      const response = await fetch(`${app.baseUrl}/api/v1/draws`, { method: "POST", body: new Blob(['{"uId":"x","activityId":100001}']) });
      expect(response.status).toBe(415);
      expect(((await response.json()) as { code: string }).code).toBe("UNSUPPORTED_MEDIA_TYPE");
    });

    it("leaves routes with their own media types alone: campaign recipients still take text/plain", async () => {
      const campaignId = uniqueId();
      const created = await operator.post("/api/v1/campaigns", { campaignId, name: "media types", award: { awardId: "m", type: "DESC", name: "Thanks" } });
      expect(created.status).toBe(201);
      const response = await raw("POST", `/api/v1/campaigns/${campaignId}/recipients`, "alice\nbob\n", { "content-type": "text/plain" });
      expect(response.status).toBe(200);
      expect(response.body).toMatchObject({ accepted: 2 });
    });

    it("answers a missing body with ILLEGAL_PARAMETER saying a JSON object is expected", async () => {
      const response = await operator.post("/api/v1/activities/100001/state");
      expect(response.status).toBe(400);
      expect(response.body).toMatchObject({ code: "ILLEGAL_PARAMETER", message: "body: expected a JSON object" });
    });
  });

  describe("messages an operator can act on", () => {
    it("names the activity, not its strategy, when the same activity is deployed twice", async () => {
      const body = ActivityRequestMother.reference();
      expect((await operator.post("/api/v1/activities", body)).status).toBe(201);
      const again = await operator.post("/api/v1/activities", body);
      expect(again.status).toBe(409);
      expect(again.body.code).toBe("ACTIVITY_ALREADY_EXISTS");
      expect(again.body.message).toMatch(new RegExp(`^activity ${body.activityId} is already deployed`));
      expect(again.body.message).not.toMatch(/strategy \d/);
    });

    it("words a refused move with the action's meaning and what is allowed instead", async () => {
      const body = ActivityRequestMother.reference();
      await operator.post("/api/v1/activities", body);
      await operator.post(`/api/v1/activities/${body.activityId}/state`, { action: "close" });
      const refused = await operator.post(`/api/v1/activities/${body.activityId}/state`, { action: "doing" });
      expect(refused.status).toBe(409);
      expect(refused.body).toEqual({
        code: "ACTIVITY_STATE_CONFLICT",
        message: `activity ${body.activityId} cannot be started (doing) from state CLOSE; allowed from CLOSE: open`,
      });
    });

    it.each([
      ["a path id that is not a number", "/api/v1/activities/abc", "path.activityId: expected an integer"],
      ["a path id with decimals", "/api/v1/activities/1.5", "path.activityId: expected an integer"],
      ["a query number that is not a number", "/api/v1/users/u1/draws?activityId=abc", "query.activityId: expected an integer"],
      ["a page of 0", "/api/v1/activities?page=0", "query.page: must be at least 1"],
      ["an unknown state", "/api/v1/activities?state=LIVE", 'query.state: expected one of "EDIT", "ARRAIGNMENT", "REVOKE", "PASS", "DOING", "REFUSE", "CLOSE", "OPEN"'],
    ])("says what is expected for %s, never zod's words", async (_what, path, message) => {
      const response = await operator.get(path);
      expect(response.status).toBe(400);
      expect(response.body).toMatchObject({ code: "ILLEGAL_PARAMETER", message });
      expect(`${response.body.fields[0].path}: ${response.body.fields[0].message}`).toBe(message);
    });

    it.each([
      ["a text activityId", { uId: "u1", activityId: "100001" }, "body.activityId: expected a number"],
      ["a fractional activityId", { uId: "u1", activityId: 1.5 }, "body.activityId: expected an integer"],
      ["a missing uId", { activityId: 100001 }, "body.uId: is required"],
      ["an unknown field", { uId: "u1", activityId: 100001, colour: "red" }, "body: unknown field colour"],
    ])("words a bad draw body plainly: %s", async (_what, body, message) => {
      const response = await operator.post("/api/v1/draws", body);
      expect(response.status).toBe(400);
      expect(response.body).toMatchObject({ code: "ILLEGAL_PARAMETER", message });
      expect(`${response.body.fields[0].path}: ${response.body.fields[0].message}`).toBe(message);
      expect(response.body.message).not.toMatch(/NaN|received|Invalid input/);
    });
  });

  it("documents MALFORMED_BODY and UNSUPPORTED_MEDIA_TYPE in /openapi.json for the JSON routes", async () => {
    const doc = (await operator.get("/openapi.json")).body;
    const draw = doc.paths["/api/v1/draws"].post.responses;
    const codesOf = (response: { content: { "application/json": { schema: { properties: { code: { enum: string[] } } } } } }) =>
      response.content["application/json"].schema.properties.code.enum;
    expect(codesOf(draw["400"])).toEqual(expect.arrayContaining(["MALFORMED_BODY", "ILLEGAL_PARAMETER"]));
    expect(codesOf(draw["415"])).toEqual(["UNSUPPORTED_MEDIA_TYPE"]);
  });
});
