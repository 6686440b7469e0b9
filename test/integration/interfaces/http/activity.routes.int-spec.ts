import { startApp, type RunningApp } from "../../../support/app-harness";
import { ActivityRequestMother, award } from "../../../support/activity-request.mother";
import { httpClient } from "../../../support/http-client";

const TOKEN = "operator-token-for-tests-0123456789";

// DOMAIN.md's allowed moves, written out here independently of the implementation.
const ALLOWED: Record<string, Record<string, string>> = {
  EDIT: { arraign: "ARRAIGNMENT", close: "CLOSE" },
  ARRAIGNMENT: { pass: "PASS", refuse: "REFUSE", revoke: "EDIT" },
  PASS: { refuse: "REFUSE", close: "CLOSE", doing: "DOING" },
  REFUSE: { revoke: "EDIT", close: "CLOSE" },
  DOING: { close: "CLOSE" },
  CLOSE: { open: "OPEN" },
  OPEN: { close: "CLOSE", doing: "DOING" },
};
const ROUTE_TO: Record<string, string[]> = {
  EDIT: [],
  ARRAIGNMENT: ["arraign"],
  PASS: ["arraign", "pass"],
  REFUSE: ["arraign", "refuse"],
  DOING: ["arraign", "pass", "doing"],
  CLOSE: ["close"],
  OPEN: ["close", "open"],
};
const ACTIONS = ["arraign", "pass", "refuse", "revoke", "doing", "close", "open"];

describe("operator activity routes", () => {
  let app: RunningApp;
  let operator: ReturnType<typeof httpClient>;
  let anonymous: ReturnType<typeof httpClient>;

  beforeAll(async () => {
    app = await startApp({ ADMIN_TOKEN: TOKEN });
    operator = httpClient(app.baseUrl, TOKEN);
    anonymous = httpClient(app.baseUrl);
  });
  afterAll(() => app.stop());

  async function deployed(body = ActivityRequestMother.reference()) {
    const response = await operator.post("/api/v1/activities", body);
    expect(response.status).toBe(201);
    return body.activityId as number;
  }

  async function stateOf(activityId: number): Promise<string> {
    return (await operator.get(`/api/v1/activities/${activityId}`)).body.state;
  }

  describe("deploy", () => {
    it("stores the activity in EDIT with its strategy, awards, stock and rates", async () => {
      const body = ActivityRequestMother.reference();
      const created = await operator.post("/api/v1/activities", body);
      expect(created.status).toBe(201);
      expect(created.body).toMatchObject({ activityId: body.activityId, state: "EDIT", stockCount: 100, stockSurplusCount: 100, takeCount: 10 });

      const read = await operator.get(`/api/v1/activities/${body.activityId}`);
      expect(read.status).toBe(200);
      expect(read.body.strategy).toEqual({
        strategyId: body.strategy.strategyId,
        mode: "ENTIRETY",
        grantType: 1,
        // Rates come back in canonical form: "0.20" is stored and shown as "0.2".
        awards: body.strategy.awards.map((a) => ({ ...a, rate: a.rate.replace(/\.?0+$/, ""), surplus: a.count })),
      });
      expect(read.body.beginAt).toBe(body.beginAt);
    });

    it("keeps rates exact to ten decimals", async () => {
      const body = ActivityRequestMother.withAwards("SINGLE", [award("a", "A", 5, "0.0125"), award("b", "B", 5, "0.0000000001")]);
      await deployed(body);
      const rates = (await operator.get(`/api/v1/activities/${body.activityId}`)).body.strategy.awards.map((a: { rate: string }) => a.rate);
      expect(rates).toEqual(["0.0125", "0.0000000001"]);
    });

    it("refuses to re-deploy an existing activity or reuse a strategy id, and changes nothing", async () => {
      const body = ActivityRequestMother.reference();
      await deployed(body);
      const again = await operator.post("/api/v1/activities", { ...body, name: "overwritten?" });
      expect(again.status).toBe(409);
      expect(again.body.code).toBe("ACTIVITY_ALREADY_EXISTS");
      expect((await operator.get(`/api/v1/activities/${body.activityId}`)).body.name).toBe("Reference activity");

      const sameStrategy = { ...ActivityRequestMother.reference(), strategy: body.strategy };
      const reused = await operator.post("/api/v1/activities", sameStrategy);
      expect(reused.status).toBe(409);
      expect(reused.body.code).toBe("ACTIVITY_ALREADY_EXISTS");
      expect((await operator.get(`/api/v1/activities/${sameStrategy.activityId}`)).status).toBe(404);
    });

    it.each([
      ["an end before the begin", { endAt: "2020-01-01T00:00:00Z" }, /endAt: must be after beginAt/, "body.endAt"],
      ["a negative stock", { stockCount: -1 }, /body\.stockCount/, "body.stockCount"],
      ["a stock given as text", { stockCount: "100" }, /body\.stockCount/, "body.stockCount"],
      ["an unknown field", { color: "red" }, /color/, "body"],
      ["a date without a zone", { beginAt: "2026-01-01T00:00:00" }, /body\.beginAt/, "body.beginAt"],
    ])("refuses %s with ILLEGAL_PARAMETER naming the field", async (_what, change, message, path) => {
      const body = { ...ActivityRequestMother.reference(), ...change };
      const response = await operator.post("/api/v1/activities", body);
      expect(response.status).toBe(400);
      expect(response.body.code).toBe("ILLEGAL_PARAMETER");
      expect(response.body.message).toMatch(message);
      // Schema checks and the domain's own rules (the end after the begin) both list the field.
      expect(response.body.fields.map((f: { path: string }) => f.path)).toEqual([path]);
      expect((await operator.get(`/api/v1/activities/${body.activityId}`)).status).toBe(404);
    });

    it.each([
      ["SINGLE rates summing over 1", "SINGLE", ["0.6", "0.5"], /^strategy\.awards: SINGLE rates sum to 1\.1, more than 1/, "body.strategy.awards"],
      ["ENTIRETY rates summing to 0", "ENTIRETY", ["0", "0"], /must sum to more than 0/, "body.strategy.awards"],
      ["a rate over 1", "ENTIRETY", ["1.5", "0.1"], /^strategy\.awards\[0\]\.rate/, "body.strategy.awards.0.rate"],
      ["a rate with 11 decimals", "SINGLE", ["0.00000000001", "0.1"], /awards\[0\]\.rate/, "body.strategy.awards.0.rate"],
    ])("refuses a strategy with %s, naming the field as validation does", async (_what, mode, rates, message, path) => {
      const body = ActivityRequestMother.withAwards(mode as "SINGLE", [award("x", "X", 1, rates[0]), award("y", "Y", 1, rates[1])]);
      const response = await operator.post("/api/v1/activities", body);
      expect(response.status).toBe(400);
      expect(response.body.code).toBe("ILLEGAL_PARAMETER");
      expect(response.body.message).toMatch(message);
      expect(response.body.fields).toEqual([{ path, message: expect.stringMatching(/\S/) }]);
    });

    it("refuses two award lines with the same award id", async () => {
      const body = ActivityRequestMother.withAwards("ENTIRETY", [award("1", "A", 1, "0.5"), award("1", "B", 1, "0.5")]);
      const response = await operator.post("/api/v1/activities", body);
      expect(response.status).toBe(400);
      expect(response.body.message).toMatch(/awards\[1\]\.awardId/);
      expect(response.body.fields).toEqual([{ path: "body.strategy.awards.1.awardId", message: '"1" is already awards[0].awardId' }]);
    });
  });

  describe("operator token", () => {
    it.each([
      ["no token", {}],
      ["a wrong token", { authorization: "Bearer not-the-operator-token" }],
      ["a malformed header", { authorization: TOKEN }],
    ])("answers 401 to %s and changes nothing", async (_what, headers) => {
      const body = ActivityRequestMother.reference();
      const deploy = await anonymous.post("/api/v1/activities", body, headers);
      expect(deploy.status).toBe(401);
      expect(deploy.body.code).toBe("UNAUTHORIZED");
      expect((await operator.get(`/api/v1/activities/${body.activityId}`)).status).toBe(404);

      const existing = await deployed();
      const move = await anonymous.post(`/api/v1/activities/${existing}/state`, { action: "arraign" }, headers);
      expect(move.status).toBe(401);
      expect(await stateOf(existing)).toBe("EDIT");
      expect((await anonymous.get(`/api/v1/activities/${existing}`, headers)).status).toBe(401);
      expect((await anonymous.get(`/api/v1/activities`, headers)).status).toBe(401);
    });

    it("refuses every operator request when ADMIN_TOKEN is not configured", async () => {
      const unconfigured = await startApp({ ADMIN_TOKEN: "" });
      try {
        const response = await httpClient(unconfigured.baseUrl, TOKEN).post("/api/v1/activities", ActivityRequestMother.reference());
        expect(response.status).toBe(401);
        expect(response.body.message).toMatch(/ADMIN_TOKEN is not configured/);
      } finally {
        await unconfigured.stop();
      }
    });
  });

  describe("state moves", () => {
    const cases = Object.keys(ROUTE_TO).flatMap((from) => ACTIONS.map((action) => [from, action] as const));

    it.each(cases)("from %s, action %s: allowed moves succeed, every other is refused and changes nothing", async (from, action) => {
      const activityId = await deployed();
      for (const step of ROUTE_TO[from]) expect((await operator.post(`/api/v1/activities/${activityId}/state`, { action: step })).status).toBe(200);
      expect(await stateOf(activityId)).toBe(from);

      const response = await operator.post(`/api/v1/activities/${activityId}/state`, { action });
      const expected = ALLOWED[from][action];
      if (expected) {
        expect(response.status).toBe(200);
        expect(response.body).toEqual({ activityId, state: expected, previousState: from });
        expect(await stateOf(activityId)).toBe(expected);
      } else {
        expect(response.status).toBe(409);
        expect(response.body.code).toBe("ACTIVITY_STATE_CONFLICT");
        expect(await stateOf(activityId)).toBe(from);
      }
    });

    it("lets exactly one of two racing moves from the same state win", async () => {
      for (let round = 0; round < 5; round++) {
        const activityId = await deployed();
        await operator.post(`/api/v1/activities/${activityId}/state`, { action: "arraign" });
        await operator.post(`/api/v1/activities/${activityId}/state`, { action: "pass" });
        const [doing, refuse] = await Promise.all([
          operator.post(`/api/v1/activities/${activityId}/state`, { action: "doing" }),
          operator.post(`/api/v1/activities/${activityId}/state`, { action: "refuse" }),
        ]);
        const statuses = [doing.status, refuse.status].sort();
        expect(statuses).toEqual([200, 409]);
        const winner = doing.status === 200 ? "DOING" : "REFUSE";
        expect(await stateOf(activityId)).toBe(winner);
      }
    });

    it("answers 404 for an unknown activity and 400 for an unknown action", async () => {
      const missing = await operator.post(`/api/v1/activities/999999999999/state`, { action: "close" });
      expect(missing.status).toBe(404);
      expect(missing.body.code).toBe("ACTIVITY_NOT_FOUND");
      const activityId = await deployed();
      const unknown = await operator.post(`/api/v1/activities/${activityId}/state`, { action: "launch" });
      expect(unknown.status).toBe(400);
      expect(unknown.body.code).toBe("ILLEGAL_PARAMETER");
    });
  });

  describe("reading", () => {
    it("pages the list and filters it by state", async () => {
      const ids = [await deployed(), await deployed(), await deployed()];
      await operator.post(`/api/v1/activities/${ids[1]}/state`, { action: "close" });

      const closed = await operator.get(`/api/v1/activities?state=CLOSE&size=100`);
      expect(closed.status).toBe(200);
      expect(closed.body.items.every((a: { state: string }) => a.state === "CLOSE")).toBe(true);
      expect(closed.body.items.map((a: { activityId: number }) => a.activityId)).toContain(ids[1]);

      const first = await operator.get(`/api/v1/activities?page=1&size=2`);
      const second = await operator.get(`/api/v1/activities?page=2&size=2`);
      expect(first.body.items).toHaveLength(2);
      expect(first.body.total).toBeGreaterThanOrEqual(3);
      expect(second.body.items[0].activityId).toBeGreaterThan(first.body.items[1].activityId);
    });

    it("refuses a bad page or state with ILLEGAL_PARAMETER", async () => {
      expect((await operator.get(`/api/v1/activities?size=1000`)).body.code).toBe("ILLEGAL_PARAMETER");
      expect((await operator.get(`/api/v1/activities?state=SLEEPING`)).body.code).toBe("ILLEGAL_PARAMETER");
      expect((await operator.get(`/api/v1/activities/abc`)).body.code).toBe("ILLEGAL_PARAMETER");
    });
  });
});
