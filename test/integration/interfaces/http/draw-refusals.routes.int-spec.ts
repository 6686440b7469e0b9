import type Redis from "ioredis";
import type { Client } from "pg";
import type { RunningApp } from "../../../support/app-harness";
import { ActivityRequestMother } from "../../../support/activity-request.mother";
import { httpClient } from "../../../support/http-client";
import { OPERATOR_TOKEN, deployDoing } from "../../../support/operator";
import { type DrawApp, drawReads, startDrawApp, stopDrawApp, user } from "./draw-app";

// The draws refused, and the order reads refused, with their codes.
describe("POST /api/v1/draws", () => {
  let app: RunningApp;
  let api: DrawApp["api"];
  let db: Client;
  let redis: Redis;

  beforeAll(async () => {
    ({ app, api, db, redis } = await startDrawApp());
  });
  afterAll(() => stopDrawApp({ app, db, redis }));

  const draw = (uId: string, activityId: number, headers?: Record<string, string>) => api.post("/api/v1/draws", { uId, activityId }, headers);
  const { takesOf } = drawReads(() => db);

  describe("refusals", () => {
    it("ACTIVITY_NOT_FOUND for an activity that does not exist", async () => {
      const response = await draw(user(), 987654321012);
      expect(response.status).toBe(404);
      expect(response.body.code).toBe("ACTIVITY_NOT_FOUND");
    });

    it("ACTIVITY_NOT_OPEN for an activity still in EDIT and for one whose window has passed", async () => {
      const body = ActivityRequestMother.reference();
      await httpClient(app.baseUrl, OPERATOR_TOKEN).post("/api/v1/activities", body);
      const editing = await draw(user(), body.activityId);
      expect(editing.status).toBe(409);
      expect(editing.body.code).toBe("ACTIVITY_NOT_OPEN");

      const ended = ActivityRequestMother.reference({ beginAt: "2020-01-01T00:00:00Z", endAt: "2020-02-01T00:00:00Z" });
      const activityId = await deployDoing(app.baseUrl, ended);
      expect((await draw(user(), activityId)).body.code).toBe("ACTIVITY_NOT_OPEN");
      expect(await takesOf(activityId)).toBe(0);
    });

    it("ACTIVITY_OUT_OF_STOCK for an activity deployed without stock", async () => {
      const activityId = await deployDoing(app.baseUrl, ActivityRequestMother.reference({ stockCount: 0 }));
      const response = await draw(user(), activityId);
      expect(response.status).toBe(409);
      expect(response.body.code).toBe("ACTIVITY_OUT_OF_STOCK");
    });

    it.each([
      ["a missing uId", { activityId: 1 }],
      ["an empty uId", { uId: "", activityId: 1 }],
      ["a uId over 64 characters", { uId: "u".repeat(65), activityId: 1 }],
      ["a uId with a control character", { uId: "a\u0007b", activityId: 1 }],
      ["an activityId as text", { uId: "u", activityId: "100001" }],
      ["an unknown field", { uId: "u", activityId: 1, coins: 5 }],
    ])("ILLEGAL_PARAMETER for %s", async (_what, body) => {
      const response = await api.post("/api/v1/draws", body);
      expect(response.status).toBe(400);
      expect(response.body.code).toBe("ILLEGAL_PARAMETER");
    });

    it("400 for malformed JSON and 413 for an oversized body, never a 5xx", async () => {
      expect((await api.post("/api/v1/draws", '{"uId": "x", ')).body.code).toBe("MALFORMED_JSON");
      const huge = await api.post("/api/v1/draws", { uId: "u", activityId: 1, shippingAddress: { street: "x".repeat(70_000) } });
      expect(huge.status).toBe(413);
      expect(huge.body.code).toBe("PAYLOAD_TOO_LARGE");
    });

    it("ORDER_NOT_FOUND and ILLEGAL_PARAMETER when reading orders", async () => {
      expect((await api.get("/api/v1/draws/123456789")).body.code).toBe("ORDER_NOT_FOUND");
      expect((await api.get("/api/v1/draws/abc")).body.code).toBe("ILLEGAL_PARAMETER");
    });
  });
});
