import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { AWARD_TYPE_NAMES } from "../../../../src/interfaces/contract/activity.request";
import { startApp, type RunningApp } from "../../../support/app-harness";
import { httpClient } from "../../../support/http-client";
import { OPERATOR_TOKEN } from "../../../support/operator";
import { createOwnDatabase } from "../../../support/own-database";

const EXAMPLES = join(__dirname, "../../../../examples");
const read = (file: string) => JSON.parse(readFileSync(join(EXAMPLES, file), "utf8"));
const activityFiles = readdirSync(EXAMPLES).filter((file) => /^activity-.*\.json$/.test(file)).sort();

// The files a new user copies from: each must deploy as it is, through the real routes. They carry
// fixed ids, so they get a database of their own.
describe("examples/", () => {
  let database: Awaited<ReturnType<typeof createOwnDatabase>>;
  let app: RunningApp;
  let operator: ReturnType<typeof httpClient>;

  beforeAll(async () => {
    database = await createOwnDatabase();
    app = await startApp({ DATABASE_URL: database.url, ADMIN_TOKEN: OPERATOR_TOKEN, REDIS_KEY_PREFIX: `${process.env.REDIS_KEY_PREFIX}examples:` });
    operator = httpClient(app.baseUrl, OPERATOR_TOKEN);
  });
  afterAll(async () => {
    await app.stop();
    await database.drop();
  });

  it("has an activity file for every award type", () => {
    const types = new Set(activityFiles.flatMap((file) => read(file).strategy.awards.map((award: { type: string }) => award.type)));
    expect([...types].sort()).toEqual([...AWARD_TYPE_NAMES].sort());
  });

  it.each(activityFiles)("%s deploys as it is (201), opens, and draws", async (file) => {
    const body = read(file);
    const deployed = await operator.post("/api/v1/activities", body);
    expect(deployed.status).toBe(201);
    expect(deployed.body).toMatchObject({ activityId: body.activityId, state: "EDIT" });
    for (const action of ["arraign", "pass", "doing"]) expect((await operator.post(`/api/v1/activities/${body.activityId}/state`, { action })).status).toBe(200);
    const drawn = await operator.post("/api/v1/draws", { uId: "example-user", activityId: body.activityId, shippingAddress: { name: "Ada", city: "London" } });
    expect(drawn.status).toBe(200);
    expect(["WIN", "LOSE"]).toContain(drawn.body.result);
  });

  it("campaign.json creates a campaign (201) and takes campaign-recipients.txt (200)", async () => {
    const body = read("campaign.json");
    const created = await operator.post("/api/v1/campaigns", body);
    expect(created.status).toBe(201);
    const uploaded = await fetch(`${app.baseUrl}/api/v1/campaigns/${body.campaignId}/recipients`, {
      method: "POST",
      headers: { authorization: `Bearer ${OPERATOR_TOKEN}`, "content-type": "text/plain" },
      body: readFileSync(join(EXAMPLES, "campaign-recipients.txt")),
    });
    expect(uploaded.status).toBe(200);
    expect(await uploaded.json()).toMatchObject({ accepted: 3, duplicates: 0, invalidCount: 0 });
  });
});
