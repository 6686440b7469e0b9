import { randomUUID } from "node:crypto";
import type { Pool } from "pg";
import type { Browser, Page } from "playwright-core";
import { KafkaClient } from "../../src/infrastructure/kafka/kafka-client";
import { createLogger } from "../../src/infrastructure/logging/logger";
import { createPgPool } from "../../src/infrastructure/persistence/pg-pool.factory";
import { startApp, type RunningApp } from "../support/app-harness";
import { browserTestsOptedOut, chromiumMissing, launchChromium } from "../support/browser";
import { httpClient } from "../support/http-client";
import { OPERATOR_TOKEN } from "../support/operator";
import { createOwnDatabase } from "../support/own-database";
import { ownTopics } from "../support/own-topics";
import { uniqueId } from "../support/unique-id";

/** The little of the page's globals the checks use (the project compiles without the DOM library). */
interface BrowserGlobals {
  document: { querySelector(selector: string): { textContent: string | null } | null };
  sessionStorage: { length: number; getItem(key: string): string | null };
}

const DEMO = 100001;
/** How long the page may take to show what the services did (it refreshes every second here). */
const SHOWS_WITHIN_MS = 30_000;

const describeInBrowser = browserTestsOptedOut ? describe.skip : describe;
if (browserTestsOptedOut) process.stderr.write("[console e2e] SKIP_BROWSER_TESTS=1: the browser test of the console is skipped\n");

// The console in Debian's Chromium, driven by playwright-core, against a whole service (role all:
// API, consumer and worker) on the real services, with a database, topics and Redis keys of its own.
describeInBrowser("the operator console in a browser", () => {
  jest.setTimeout(120_000);
  let database: Awaited<ReturnType<typeof createOwnDatabase>>;
  let pool: Pool;
  let app: RunningApp;
  let browser: Browser;
  let page: Page;
  let kafka: KafkaClient;
  const topics = ownTopics("console");

  beforeAll(async () => {
    const missing = chromiumMissing();
    if (missing) throw new Error(missing);
    database = await createOwnDatabase();
    pool = createPgPool(database.url, 3);
    app = await startApp({
      ROLE: "all",
      DATABASE_URL: database.url,
      ADMIN_TOKEN: OPERATOR_TOKEN,
      DEMO_ACTIVITY: "true",
      REDIS_KEY_PREFIX: `${process.env.REDIS_KEY_PREFIX ?? "lottery-test:"}console-${randomUUID().slice(0, 8)}:`,
      KAFKA_CONSUMER_GROUP: `console-${randomUUID().slice(0, 8)}`,
      CAMPAIGN_INTERVAL_MS: "200",
      // The state job would move the demo activity by its dates; this test moves it by hand.
      ACTIVITY_STATE_JOB_INTERVAL_MS: "3600000",
      ...topics.env,
    });
    kafka = new KafkaClient(app.config.kafka, createLogger("silent"));
    browser = await launchChromium();
    page = await browser.newPage();
    await page.goto(`${app.baseUrl}/console?refresh=1000`);
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
    await kafka?.disconnect();
    await app?.stop();
    await pool?.end();
    await database?.drop();
  });

  const cell = (selector: string) => page.locator(selector).first();
  /** Waits until the text of `selector` matches `expected` (the whole text, or a pattern); returns it. */
  async function textOf(selector: string, expected: string | RegExp): Promise<string> {
    const pattern = typeof expected === "string" ? { source: `^${expected.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}$`, flags: "" } : { source: expected.source, flags: expected.flags };
    await page
      .waitForFunction(
        ({ sel, source, flags }) => {
          const element = (globalThis as unknown as BrowserGlobals).document.querySelector(sel);
          return element !== null && new RegExp(source, flags).test(element.textContent ?? "");
        },
        { sel: selector, ...pattern },
        { timeout: SHOWS_WITHIN_MS, polling: 100 },
      )
      .catch(async (error: Error) => {
        const shown = await page.locator(selector).first().textContent({ timeout: 1000 }).catch(() => "(no such element)");
        throw new Error(`${selector} never showed ${String(expected)} (it shows "${shown}"): ${error.message.split("\n")[0]}`);
      });
    return (await cell(selector).textContent()) ?? "";
  }
  const demoRow = `#activities tr[data-activity-id="${DEMO}"]`;

  it("refuses a wrong token: the page says so and shows no data", async () => {
    await page.fill("#token", "not-the-operator-token");
    await page.click("#login-form button[type=submit]");
    expect(await textOf("#login-error", /./)).toMatch(/Wrong operator token.*401/);
    expect(await page.isHidden("#dashboard")).toBe(true);
    expect(await page.locator("#dashboard tbody tr").count()).toBe(0);
    expect(await page.evaluate(() => (globalThis as unknown as BrowserGlobals).sessionStorage.length)).toBe(0);
  });

  it("logs in with the operator token and shows activity 100001 with its live stock going down as users draw", async () => {
    await page.fill("#token", OPERATOR_TOKEN);
    await page.click("#login-form button[type=submit]");
    await page.waitForSelector(demoRow, { timeout: SHOWS_WITHIN_MS });
    expect(await page.evaluate(() => (globalThis as unknown as BrowserGlobals).sessionStorage.getItem("lottery.operatorToken"))).toBe(OPERATOR_TOKEN);
    expect(await textOf(`${demoRow} .state`, "DOING")).toBe("DOING");
    const before = Number(await cell(`${demoRow} .stock-left`).textContent());
    expect(before).toBe(100);

    const users = httpClient(app.baseUrl);
    for (const uId of ["xiaofuge", "fustack", "console-user"]) {
      const drawn = await users.post("/api/v1/draws", { uId, activityId: DEMO });
      expect(drawn.status).toBe(200);
    }
    // The page refreshes by itself: nobody touches it while the stock drains.
    expect(Number(await textOf(`${demoRow} .stock-left`, "97"))).toBe(97);
    expect(await textOf(`${demoRow} .takes`, "3")).toBe("3");
    // ENTIRETY with stock left: every draw wins, and the consumer grants each prize.
    expect(await textOf(`${demoRow} .granted`, "3")).toBe("3");
  });

  it("moves a state with a button, and shows the refusal when the move is no longer allowed", async () => {
    await page.click(`${demoRow} button[data-action=close]`);
    expect(await textOf(`${demoRow} .state`, "CLOSE")).toBe("CLOSE");

    // Another operator reopens it while this page still offers "open": the page's move is refused.
    await page.route("**/api/v1/operator/summary", (route) => route.abort());
    try {
      const other = await httpClient(app.baseUrl, OPERATOR_TOKEN).post(`/api/v1/activities/${DEMO}/state`, { action: "open" });
      expect(other.status).toBe(200);
      await page.click(`${demoRow} button[data-action=open]`);
      expect(await textOf(`${demoRow} .move-error`, /./)).toMatch(/open refused: ACTIVITY_STATE_CONFLICT/);
    } finally {
      await page.unroute("**/api/v1/operator/summary");
    }
    expect(await textOf(`${demoRow} .state`, "OPEN")).toBe("OPEN");
    await page.click(`${demoRow} button[data-action=doing]`);
    expect(await textOf(`${demoRow} .state`, "DOING")).toBe("DOING");
  });

  it("shows a dead letter with its reason and replays it from the page: the order is granted", async () => {
    // An invoice whose order is not in the database (yet): the consumer dead-letters it as unknown_order.
    const orderId = String(uniqueId());
    const uId = `late-${orderId}`;
    const invoice = { orderId, uId, activityId: DEMO, awardId: "5", awardType: 1, awardName: "Book", awardContent: "a book", shippingAddress: null, extInfo: null };
    await kafka.send(topics.invoiceTopic, [{ key: uId, value: JSON.stringify(invoice), headers: { "message-id": orderId } }], 10_000);
    const row = `#dead-letters tr[data-order-id="${orderId}"]`;
    expect(await textOf(`${row} .reason`, /./)).toBe("unknown_order");
    expect(await textOf(`${row} .grant-state`, /./)).toBe("(no such order)");

    // The order turns up (restored late, say); its invoice went out before.
    await pool.query(
      `INSERT INTO user_strategy_export (order_id, u_id, activity_id, strategy_id, strategy_mode, grant_type, award_id, award_type, award_name, award_content, uuid, mq_state)
       VALUES ($1::bigint, $2, $3, 10001, 2, 1, '5', 1, 'Book', 'a book', $1, 1)`,
      [orderId, uId, DEMO],
    );
    expect(await textOf(`${row} .grant-state`, "INIT")).toBe("INIT");
    await page.click(`${row} button.replay`);
    expect(await textOf(`${row} .grant-state`, "COMPLETE")).toBe("COMPLETE");
    expect(await textOf(`${row} .replayed-mark`, /./)).toBe("replayed");
    const { rows } = await pool.query("SELECT grant_state FROM user_strategy_export WHERE order_id = $1", [orderId]);
    expect(rows[0].grant_state).toBe(1);
    // The lag per partition is on the page too, and drains to zero once the replay is granted.
    expect(await textOf("#lag .total", /^\(0 behind/)).toMatch(/^\(0 behind in lottery_invoice\.test-console/);
  });

  it("starts a campaign from the page and shows its progress to 100%", async () => {
    const campaignId = uniqueId();
    const operator = httpClient(app.baseUrl, OPERATOR_TOKEN);
    const created = await operator.post("/api/v1/campaigns", { campaignId, name: "make-good", award: { awardId: "sorry", type: "DESC", name: "Sorry", content: "sorry" }, perUser: 1 });
    expect(created.status).toBe(201);
    const recipients = Array.from({ length: 20 }, (_, i) => `recipient-${i}`).join("\n");
    const uploaded = await operator.post(`/api/v1/campaigns/${campaignId}/recipients`, recipients, { "content-type": "text/plain" });
    expect(uploaded.body).toMatchObject({ accepted: 20 });

    const row = `#campaigns tr[data-campaign-id="${campaignId}"]`;
    expect(await textOf(`${row} .state`, "OPEN")).toBe("OPEN");
    expect(await cell(`${row} .percent`).textContent()).toBe("0%");
    await page.click(`${row} button[data-action=start]`);
    expect(await textOf(`${row} .percent`, "100%")).toBe("100%");
    expect(await textOf(`${row} .state`, "DONE")).toBe("DONE");
    expect(await cell(`${row} .granted`).textContent()).toBe("20");
  });

  it("deploys an activity from JSON, showing each validation error next to its field", async () => {
    const body = {
      activityId: uniqueId(),
      name: "From the console",
      description: "",
      beginAt: new Date().toISOString(),
      endAt: new Date(Date.now() + 86_400_000).toISOString(),
      stockCount: -5,
      takeCount: 1,
      strategy: { strategyId: uniqueId(), mode: "SINGLE", grantType: 1, awards: [{ awardId: "1", type: "DESC", name: "Pen", content: "a pen", count: 5, rate: "lots" }] },
    };
    await page.fill("#deploy-json", JSON.stringify(body, null, 2));
    await page.click("#deploy-submit");
    expect(await textOf("#deploy-outcome", /^refused/)).toMatch(/^refused: ILLEGAL_PARAMETER/);
    expect(await textOf('#deploy-fields tr[data-field="stockCount"] .field-error', /./)).not.toBe("");
    expect(await textOf('#deploy-fields tr[data-field="strategy.awards.0.rate"] .field-error', /decimal string/)).not.toBe("");
    expect(await cell('#deploy-fields tr[data-field="name"] .field-error').textContent()).toBe("");

    // A body the schema accepts and the domain refuses (the end before the begin): still beside its field.
    const valid = { ...body, stockCount: 5, strategy: { ...body.strategy, awards: [{ ...body.strategy.awards[0], rate: "0.5" }] } };
    await page.fill("#deploy-json", JSON.stringify({ ...valid, endAt: new Date(Date.now() - 86_400_000).toISOString() }));
    await page.click("#deploy-submit");
    expect(await textOf('#deploy-fields tr[data-field="endAt"] .field-error', /after beginAt/)).toMatch(/must be after beginAt/);
    expect(await cell('#deploy-fields tr[data-field="stockCount"] .field-error').textContent()).toBe("");

    await page.fill("#deploy-json", JSON.stringify(valid));
    await page.click("#deploy-submit");
    expect(await textOf("#deploy-outcome", /^deployed/)).toBe(`deployed activity ${body.activityId} (state EDIT)`);
    expect(await textOf(`#activities tr[data-activity-id="${body.activityId}"] .state`, "EDIT")).toBe("EDIT");
  });
});
