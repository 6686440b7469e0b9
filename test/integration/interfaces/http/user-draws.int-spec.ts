import { ActivityRequestMother, award } from "../../../support/activity-request.mother";
import { startApp, type RunningApp } from "../../../support/app-harness";
import { httpClient } from "../../../support/http-client";
import { OPERATOR_TOKEN, deployDoing } from "../../../support/operator";

describe("GET /api/v1/users/{uId}/draws, paged", () => {
  let app: RunningApp;
  let api: ReturnType<typeof httpClient>;
  const uId = `pager-${Date.now()}`;
  let first: number;
  let second: number;
  const won: string[] = [];

  beforeAll(async () => {
    app = await startApp({ ADMIN_TOKEN: OPERATOR_TOKEN });
    api = httpClient(app.baseUrl);
    // A rate of 1: every draw wins, so every draw is an order.
    const sure = () => ActivityRequestMother.withAwards("SINGLE", [award("1", "Book", 100, "1")]);
    first = await deployDoing(app.baseUrl, sure());
    second = await deployDoing(app.baseUrl, sure());
    for (const activityId of [first, first, first, first, first, second, second]) {
      const drawn = await api.post("/api/v1/draws", { uId, activityId });
      expect(drawn.body.result).toBe("WIN");
      won.push(drawn.body.orderId);
    }
  });
  afterAll(() => app.stop());

  const newestFirst = () => [...won].sort((a, b) => (BigInt(b) > BigInt(a) ? 1 : -1));

  it("pages every order once, newest first, with the total", async () => {
    const pages = await Promise.all([1, 2, 3].map((page) => api.get(`/api/v1/users/${uId}/draws?page=${page}&size=3`)));
    expect(pages.map((p) => p.status)).toEqual([200, 200, 200]);
    expect(pages.map((p) => [p.body.page, p.body.size, p.body.total, p.body.items.length])).toEqual([
      [1, 3, 7, 3],
      [2, 3, 7, 3],
      [3, 3, 7, 1],
    ]);
    expect(pages.flatMap((p) => p.body.items.map((o: { orderId: string }) => o.orderId))).toEqual(newestFirst());
    expect(pages[0].body.uId).toBe(uId);
  });

  it("keeps the old answer's fields and defaults to the first 20", async () => {
    const all = await api.get(`/api/v1/users/${uId}/draws`);
    expect(all.body).toMatchObject({ uId, page: 1, size: 20, total: 7 });
    expect(all.body.items.map((o: { orderId: string }) => o.orderId)).toEqual(newestFirst());
    expect(all.body.items[0]).toMatchObject({ uId, award: { name: "Book" } });
  });

  it("pages one activity's orders with its own total", async () => {
    const mine = await api.get(`/api/v1/users/${uId}/draws?activityId=${second}&size=1&page=2`);
    expect(mine.body).toMatchObject({ page: 2, size: 1, total: 2 });
    expect(mine.body.items.map((o: { activityId: number }) => o.activityId)).toEqual([second]);
  });

  it("answers a page past the end with no items and the total", async () => {
    const past = await api.get(`/api/v1/users/${uId}/draws?page=9&size=3`);
    expect(past.body).toMatchObject({ page: 9, total: 7, items: [] });
  });

  it.each([
    ["size=0", "query.size: must be at least 1"],
    ["size=101", "query.size: must be at most 100"],
    ["page=x", "query.page: expected an integer"],
  ])("refuses %s with ILLEGAL_PARAMETER", async (query, message) => {
    const refused = await api.get(`/api/v1/users/${uId}/draws?${query}`);
    expect(refused.status).toBe(400);
    expect(refused.body).toMatchObject({ code: "ILLEGAL_PARAMETER", message });
  });

  it("documents page, size and total in /openapi.json", async () => {
    const route = (await api.get("/openapi.json")).body.paths["/api/v1/users/{uId}/draws"].get;
    expect(route.parameters.map((p: { name: string }) => p.name)).toEqual(expect.arrayContaining(["activityId", "page", "size"]));
    const schema = route.responses["200"].content["application/json"].schema;
    expect(schema.required).toEqual(expect.arrayContaining(["uId", "page", "size", "total", "items"]));
  });
});
