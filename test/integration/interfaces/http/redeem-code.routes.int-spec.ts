import { gzipSync } from "node:zlib";
import { startApp, type RunningApp } from "../../../support/app-harness";
import { ActivityRequestMother, award } from "../../../support/activity-request.mother";
import { httpClient } from "../../../support/http-client";
import { OPERATOR_TOKEN } from "../../../support/operator";
import { uniqueId } from "../../../support/unique-id";

/** A deploy body: award "code" REDEEM_CODE (with `whenPoolEmpty` if given), award "text" DESC. */
function codeActivity(whenPoolEmpty?: "GENERATE" | "FAIL") {
  const codeAward = { ...award("code", "Gift card", 10, "0.5", "REDEEM_CODE"), ...(whenPoolEmpty ? { whenPoolEmpty } : {}) };
  return ActivityRequestMother.withAwards("ENTIRETY", [codeAward, award("text", "Thanks", 10, "0.5")]);
}

describe("redeem-code pool routes", () => {
  let app: RunningApp;
  let operator: ReturnType<typeof httpClient>;

  beforeAll(async () => {
    app = await startApp({ ADMIN_TOKEN: OPERATOR_TOKEN });
    operator = httpClient(app.baseUrl, OPERATOR_TOKEN);
  });
  afterAll(() => app.stop());

  async function deployed(body = codeActivity()): Promise<number> {
    const response = await operator.post("/api/v1/activities", body);
    expect(response.status).toBe(201);
    return body.activityId as number;
  }

  /** POST of a text/plain body (a string, bytes, or a stream of chunks sent as they are made). */
  async function importCodes(path: string, body: string | Buffer | ReadableStream<Uint8Array>, headers: Record<string, string> = {}) {
    const response = await fetch(`${app.baseUrl}${path}`, {
      method: "POST",
      headers: { authorization: `Bearer ${OPERATOR_TOKEN}`, "content-type": "text/plain", ...headers },
      body,
      ...(body instanceof ReadableStream ? { duplex: "half" } : {}),
    } as RequestInit);
    return { status: response.status, body: await response.json() };
  }
  const poolOf = (activityId: number, awardId = "code") => `/api/v1/activities/${activityId}/awards/${awardId}/redeem-codes`;

  describe("the empty-pool policy in the deploy body", () => {
    it("stores the policy with the award and shows it, GENERATE when the body names none, and only on REDEEM_CODE awards", async () => {
      const failing = await deployed(codeActivity("FAIL"));
      const defaulted = await deployed(codeActivity());
      const awardsOf = async (id: number) => (await operator.get(`/api/v1/activities/${id}`)).body.strategy.awards;
      expect(await awardsOf(failing)).toEqual([expect.objectContaining({ awardId: "code", whenPoolEmpty: "FAIL" }), expect.not.objectContaining({ whenPoolEmpty: expect.anything() })]);
      expect((await awardsOf(defaulted))[0]).toMatchObject({ awardId: "code", whenPoolEmpty: "GENERATE" });
    });

    it("refuses a policy on an award that is not REDEEM_CODE, and an unknown policy, with a 400 naming the award line", async () => {
      const body = codeActivity();
      body.strategy.awards[1] = { ...body.strategy.awards[1], whenPoolEmpty: "FAIL" } as (typeof body.strategy.awards)[number];
      const refused = await operator.post("/api/v1/activities", body);
      expect(refused.status).toBe(400);
      expect(refused.body).toEqual({
        code: "ILLEGAL_PARAMETER",
        message: "strategy.awards[1].whenPoolEmpty: only REDEEM_CODE awards have a code pool; remove it from this award",
        fields: [{ path: "body.strategy.awards.1.whenPoolEmpty", message: "only REDEEM_CODE awards have a code pool; remove it from this award" }],
      });
      const unknown = codeActivity();
      unknown.strategy.awards[0] = { ...unknown.strategy.awards[0], whenPoolEmpty: "SOMETIMES" } as (typeof unknown.strategy.awards)[number];
      const bad = await operator.post("/api/v1/activities", unknown);
      expect(bad.status).toBe(400);
      expect(bad.body.message).toMatch(/strategy\.awards\.0\.whenPoolEmpty/);
      expect((await operator.get(`/api/v1/activities/${body.activityId}`)).status).toBe(404);
    });
  });

  it("imports codes, reports bad lines by number and duplicates, and counts the pool", async () => {
    const activityId = await deployed();
    const file = ["GIFT-1", "GIFT-2", "", "GIFT-1", "  GIFT-3  \r", "X".repeat(65), "BAD\u0007CODE", "GIFT-4"].join("\n");
    expect(await importCodes(poolOf(activityId), file)).toEqual({
      status: 200,
      body: {
        added: 4,
        duplicates: 1,
        invalid: [
          { line: 3, reason: "empty" },
          { line: 6, reason: "longer than 64 characters" },
          { line: 7, reason: "not printable" },
        ],
        invalidCount: 3,
      },
    });
    expect(await operator.get(poolOf(activityId))).toMatchObject({ status: 200, body: { total: 4, used: 0, free: 4 } });
  });

  it("adds nothing when the same file is imported twice (also gzipped): every code is then a duplicate", async () => {
    const activityId = await deployed();
    const file = ["A", "B", "C"].join("\n");
    expect((await importCodes(poolOf(activityId), file)).body).toMatchObject({ added: 3, duplicates: 0 });
    expect((await importCodes(poolOf(activityId), gzipSync(file), { "content-encoding": "gzip" })).body).toEqual({ added: 0, duplicates: 3, invalid: [], invalidCount: 0 });
    expect((await operator.get(poolOf(activityId))).body).toEqual({ total: 3, used: 0, free: 3 });
  });

  it("keeps the pools of two activities apart, though their award ids are the same", async () => {
    const [first, second] = [await deployed(), await deployed()];
    await importCodes(poolOf(first), "SAME-CODE\nONLY-FIRST");
    expect((await importCodes(poolOf(second), "SAME-CODE")).body).toMatchObject({ added: 1, duplicates: 0 });
    expect((await operator.get(poolOf(second))).body).toEqual({ total: 1, used: 0, free: 1 });
  });

  it("streams a 200,000-line import sent as it is generated, with no file", async () => {
    const activityId = await deployed();
    const total = 200_000;
    let next = 0;
    const encoder = new TextEncoder();
    const body = new ReadableStream<Uint8Array>({
      pull(controller) {
        if (next >= total) return controller.close();
        const lines: string[] = [];
        for (let i = 0; i < 2000 && next < total; i++) lines.push(`BIG-${activityId}-${next++}`);
        controller.enqueue(encoder.encode(`${lines.join("\n")}\n`));
      },
    });
    expect(await importCodes(poolOf(activityId), body)).toEqual({ status: 200, body: { added: total, duplicates: 0, invalid: [], invalidCount: 0 } });
    expect((await operator.get(poolOf(activityId))).body).toEqual({ total, used: 0, free: total });
  }, 120_000);

  it("answers 404 for an unknown activity or award, 409 AWARD_NOT_REDEEM_CODE for another type, 415 for a body that is not text/plain, 401 without the token", async () => {
    const activityId = await deployed();
    expect(await importCodes(poolOf(Number.MAX_SAFE_INTEGER), "A")).toMatchObject({ status: 404, body: { code: "ACTIVITY_NOT_FOUND" } });
    expect(await importCodes(poolOf(activityId, "nope"), "A")).toMatchObject({ status: 404, body: { code: "AWARD_NOT_FOUND" } });
    expect(await operator.get(poolOf(activityId, "nope"))).toMatchObject({ status: 404, body: { code: "AWARD_NOT_FOUND" } });
    expect(await importCodes(poolOf(activityId, "text"), "A")).toEqual({
      status: 409,
      body: { code: "AWARD_NOT_REDEEM_CODE", message: `award "text" of activity ${activityId} is a DESC award: only REDEEM_CODE awards have a code pool` },
    });
    expect(await operator.get(poolOf(activityId, "text"))).toMatchObject({ status: 409, body: { code: "AWARD_NOT_REDEEM_CODE" } });
    expect(await importCodes(poolOf(activityId), '{"codes":["A"]}', { "content-type": "application/json" })).toMatchObject({ status: 415, body: { code: "UNSUPPORTED_MEDIA_TYPE" } });
    expect(await importCodes(poolOf(activityId), "A", { authorization: "Bearer wrong" })).toMatchObject({ status: 401, body: { code: "UNAUTHORIZED" } });
    expect(await httpClient(app.baseUrl).get(poolOf(activityId))).toMatchObject({ status: 401 });
    expect(await operator.get("/api/v1/activities/abc/awards/code/redeem-codes")).toMatchObject({ status: 400, body: { code: "ILLEGAL_PARAMETER" } });
    expect((await operator.get(poolOf(activityId))).body).toEqual({ total: 0, used: 0, free: 0 });
  });

  it("fills the pool a REDEEM_CODE campaign draws from, and refuses a campaign of another type", async () => {
    const campaignId = uniqueId();
    const awardId = `make-good-${campaignId}`;
    expect((await operator.post("/api/v1/campaigns", { campaignId, name: "codes", award: { awardId, type: "REDEEM_CODE", name: "Sorry" } })).status).toBe(201);
    expect((await importCodes(`/api/v1/campaigns/${campaignId}/redeem-codes`, "SORRY-1\nSORRY-2")).body).toMatchObject({ added: 2 });
    expect((await operator.get(`/api/v1/campaigns/${campaignId}/redeem-codes`)).body).toEqual({ total: 2, used: 0, free: 2 });
    const desc = uniqueId();
    await operator.post("/api/v1/campaigns", { campaignId: desc, name: "text", award: { awardId: "t", type: "DESC", name: "Thanks" } });
    expect(await importCodes(`/api/v1/campaigns/${desc}/redeem-codes`, "X")).toMatchObject({ status: 409, body: { code: "AWARD_NOT_REDEEM_CODE" } });
    expect(await operator.get(`/api/v1/campaigns/${uniqueId()}/redeem-codes`)).toMatchObject({ status: 404, body: { code: "CAMPAIGN_NOT_FOUND" } });
  });
});
